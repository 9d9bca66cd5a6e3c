import Foundation

/// A `multipart/form-data` body (RFC 7578): the parts of an upload form, in memory.
struct Multipart {
    struct Part {
        let name: String
        let filename: String?
        let data: [UInt8]
    }

    let parts: [Part]

    struct Malformed: Error {}

    /// Parses a body; `contentType` is the request's header, which names the boundary.
    init(_ body: [UInt8], contentType: String) throws {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let b = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.lowercased().hasPrefix("boundary=") })
        else { throw Malformed() }
        var boundary = String(b.dropFirst("boundary=".count))
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { throw Malformed() }
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let data = Array("\r\n".utf8) + body
        var positions: [Int] = []
        var i = 0
        while let found = Self.find(delimiter, in: data, from: i) {
            positions.append(found)
            i = found + delimiter.count
        }
        guard positions.count >= 2 else { throw Malformed() }
        var parts: [Part] = []
        for (k, start) in positions.dropLast().enumerated() {
            var p = start + delimiter.count
            // The rest of the boundary line: "--" after the last boundary, else CRLF.
            guard let lineEnd = Self.find(Array("\r\n".utf8), in: data, from: p), lineEnd <= positions[k + 1] else { throw Malformed() }
            p = lineEnd + 2
            guard let headersEnd = Self.find(Array("\r\n\r\n".utf8), in: data, from: p), headersEnd <= positions[k + 1] else { throw Malformed() }
            let headers = String(decoding: data[p..<headersEnd], as: UTF8.self)
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                for item in line.split(separator: ";").dropFirst() {
                    let kv = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { continue }
                    var value = String(kv[1])
                    if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                    switch kv[0].lowercased() {
                    case "name": name = value
                    case "filename": filename = value
                    default: break
                    }
                }
            }
            guard let name else { throw Malformed() }
            parts.append(Part(name: name, filename: filename, data: Array(data[(headersEnd + 4)..<positions[k + 1]])))
        }
        self.parts = parts
    }

    /// The text of a part that is not a file.
    subscript(name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.filename != nil } }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

internal import CZlib
public import Foundation

/// The objects of one PDF file and how they are stored: streams as they are, every other object
/// packed into a compressed object stream, found through a cross-reference stream (PDF 1.5,
/// ISO 32000-1 7.5.7 and 7.5.8). That keeps files small (the structure tree of a tagged PDF is
/// thousands of small dictionaries) without a second pass over the file.
final class PDFFile {
    /// Objects numbered from 1; nil until set.
    private var objects: [Stored?] = []

    private enum Stored {
        /// A dictionary, array or other non-stream object: its bytes, packed into an object stream.
        case plain([UInt8])
        /// A stream: its dictionary entries (without `/Length`) and data, written as it is.
        case stream(dictionary: [UInt8], data: [UInt8])
    }

    /// A new object number, to be set later (objects may refer to each other in any order).
    func reserve() -> Int {
        objects.append(nil)
        return objects.count
    }

    /// Sets a non-stream object.
    func set(_ number: Int, _ body: PDFBytes) {
        objects[number - 1] = .plain(body.bytes)
    }

    /// Adds a non-stream object and returns its number.
    func add(_ body: PDFBytes) -> Int {
        let n = reserve()
        set(n, body)
        return n
    }

    /// Sets a stream object; `dictionary` holds its entries other than `/Length` (e.g.
    /// `/Filter /FlateDecode`), without the `<<` `>>`.
    func setStream(_ number: Int, dictionary: PDFBytes, data: [UInt8]) {
        objects[number - 1] = .stream(dictionary: dictionary.bytes, data: data)
    }

    /// Adds a stream compressed with Flate (`Deflate`, its default level).
    func addCompressedStream(dictionary: PDFBytes = PDFBytes(), data: [UInt8]) throws -> Int {
        let n = reserve()
        var d = PDFBytes()
        d.add("/Filter /FlateDecode ")
        d.add(dictionary.bytes)
        setStream(n, dictionary: d, data: try Deflate.compress(data))
        return n
    }

    /// The whole file: header, streams, object streams, cross-reference stream, trailer.
    /// `root` is the catalog, `info` the document information dictionary. The file ID is a hash
    /// of the objects, so the same document gives the same bytes.
    func write(root: Int, info: Int) throws -> [UInt8] {
        var hash = FileID()
        for case let o? in objects {
            switch o {
            case .plain(let bytes): hash.add(bytes)
            case let .stream(dictionary, data):
                hash.add(dictionary)
                hash.add(data)
            }
        }
        let id = hash.bytes
        var out = PDFBytes(capacity: 64 * 1024)
        out.add("%PDF-1.7\n%")
        out.add([0xE2, 0xE3, 0xCF, 0xD3, 0x0A])

        // Where each object is: (type, field 2, field 3) of the cross-reference stream.
        var entries = [(UInt8, Int, Int)](repeating: (0, 0, 0), count: objects.count + 1)
        entries[0] = (0, 0, 65535)
        var plain: [Int] = []
        for (i, o) in objects.enumerated() {
            guard let o else { preconditionFailure("PDF object \(i + 1) was reserved but never set") }
            switch o {
            case .plain:
                plain.append(i + 1)
            case let .stream(dictionary, data):
                entries[i + 1] = (1, out.count, 0)
                Self.writeStream(&out, number: i + 1, dictionary: dictionary, data: data)
            }
        }

        // Object streams of at most 200 objects each (readers decompress a whole stream to get
        // one object).
        var streamNumber = objects.count
        for chunk in stride(from: 0, to: plain.count, by: 200).map({ plain[$0..<min($0 + 200, plain.count)] }) {
            streamNumber += 1
            var header = PDFBytes()
            var body = PDFBytes()
            for (k, n) in chunk.enumerated() {
                guard case let .plain(bytes) = objects[n - 1] else { continue }
                header.int(n)
                header.space()
                header.int(body.count)
                header.space()
                body.add(bytes)
                body.newline()
                entries[n] = (2, streamNumber, k)
            }
            var dictionary = PDFBytes()
            dictionary.add("/Type /ObjStm /N ")
            dictionary.int(chunk.count)
            dictionary.add(" /First ")
            dictionary.int(header.count)
            dictionary.add(" /Filter /FlateDecode")
            entries.append((1, out.count, 0))
            Self.writeStream(&out, number: streamNumber, dictionary: dictionary.bytes, data: try Deflate.compress(header.bytes + body.bytes))
        }

        // The cross-reference stream, itself the last object.
        let xref = streamNumber + 1
        entries.append((1, out.count, 0))
        let offsetWidth = out.count < 1 << 24 ? 3 : 4
        var table: [UInt8] = []
        table.reserveCapacity(entries.count * (3 + offsetWidth))
        for (type, a, b) in entries {
            table.append(type)
            for shift in stride(from: (offsetWidth - 1) * 8, through: 0, by: -8) { table.append(UInt8(truncatingIfNeeded: a >> shift)) }
            table.append(UInt8(truncatingIfNeeded: b >> 8))
            table.append(UInt8(truncatingIfNeeded: b))
        }
        var dictionary = PDFBytes()
        dictionary.add("/Type /XRef /Size ")
        dictionary.int(xref + 1)
        dictionary.add(" /W [1 ")
        dictionary.int(offsetWidth)
        dictionary.add(" 2] /Root ")
        dictionary.ref(root)
        dictionary.add(" /Info ")
        dictionary.ref(info)
        dictionary.add(" /ID [<")
        for b in id { dictionary.hexByte(b) }
        dictionary.add("> <")
        for b in id { dictionary.hexByte(b) }
        dictionary.add(">] /Filter /FlateDecode")
        let start = out.count
        Self.writeStream(&out, number: xref, dictionary: dictionary.bytes, data: try Deflate.compress(table))
        out.add("startxref\n")
        out.int(start)
        out.add("\n%%EOF\n")
        return out.bytes
    }

    private static func writeStream(_ out: inout PDFBytes, number: Int, dictionary: [UInt8], data: [UInt8]) {
        out.int(number)
        out.add(" 0 obj\n<< ")
        out.add(dictionary)
        out.add(" /Length ")
        out.int(data.count)
        out.add(" >>\nstream\n")
        out.add(data)
        out.add("\nendstream\nendobj\n")
    }
}

/// A 128-bit FNV-1a hash, for the file ID: the same content gives the same ID (reproducible
/// builds); it is not meant to resist tampering.
struct FileID {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x8422_2325_cbf2_9ce4

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 &+ 0x9E37_79B9
        }
    }

    var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: a >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> (56 - 8 * $0)) }
    }
}

/// Reading back what `PDFFile` wrote, for the benchmark's page counts.
public enum PDFInfo {
    /// The number of pages of a PDF that kimdoc wrote (the `/Count` of its page tree, found in its
    /// object streams), or nil if the file is not one.
    public static func pageCount(of url: URL) -> Int? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        let bytes = [UInt8](data)
        let marker = Array("/Type /ObjStm".utf8)
        let streamKeyword = Array(">>\nstream\n".utf8)
        var i = 0
        while let m = find(marker, in: bytes, from: i) {
            guard let start = find(streamKeyword, in: bytes, from: m), let length = number(after: Array("/Length ".utf8), in: bytes, from: m) else { return nil }
            let from = start + streamKeyword.count
            guard length <= bytes.count - from, let plain = inflate(Array(bytes[from..<(from + length)])) else { return nil }
            if let pages = find(Array("/Type /Pages".utf8), in: plain, from: 0) {
                return number(after: Array("/Count ".utf8), in: plain, from: pages)
            }
            i = from + length
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func number(after key: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard var i = find(key, in: bytes, from: from) else { return nil }
        i += key.count
        var n = 0
        var digits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            guard digits < 15 else { return nil }  // no count or length is that long; n * 10 must not overflow
            n = n * 10 + Int(bytes[i] - 0x30)
            i += 1
            digits += 1
        }
        return digits > 0 ? n : nil
    }

    private static func inflate(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        return input.withUnsafeMutableBufferPointer { inBuffer -> [UInt8]? in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { c -> Int32 in
                    stream.next_out = c.baseAddress
                    stream.avail_out = uInt(c.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { return output }
                guard status == Z_OK else { return nil }
            }
        }
    }
}

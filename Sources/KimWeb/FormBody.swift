import Foundation

/// A form posted as `application/x-www-form-urlencoded`: names and values in order.
struct FormBody: Sendable {
    let fields: [(name: String, value: String)]

    init(_ bytes: [UInt8]) {
        var out: [(String, String)] = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            out.append((name, value))
        }
        fields = out
    }

    /// The first value of a field.
    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of a field (checkboxes).
    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// Percent-decoding with `+` as space; invalid escapes are kept as written, invalid UTF-8
    /// becomes U+FFFD.
    static func decode(_ s: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "+") {
                out.append(0x20)
            } else if c == UInt8(ascii: "%"), let h = hex(s, i + 1), let l = hex(s, i + 2) {
                out.append(h << 4 | l)
                i += 3
                continue
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ s: ArraySlice<UInt8>, _ i: Int) -> UInt8? {
        guard i < s.endIndex else { return nil }
        switch s[i] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return s[i] - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return s[i] - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return s[i] - 55
        default: return nil
        }
    }
}

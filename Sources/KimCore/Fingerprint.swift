public import Foundation

/// A fast 64-bit fingerprint of bytes and strings, to notice that an input or output changed
/// (`kimdoc build`'s manifest). Not cryptographic: it guards against edits, not against someone
/// crafting a collision. Eight bytes a step, so hashing every catalog and template of a build
/// costs well under a millisecond.
public struct Fingerprint: Sendable {
    private var h: UInt64 = 0x243F_6A88_85A3_08D3
    private var length: UInt64 = 0

    public init() {}

    private mutating func mix(_ w: UInt64) {
        h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            mix(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        // The tail carries its own length, so "ab" + "c" and "a" + "bc" differ.
        mix(tail ^ (UInt64(n & 7) << 59) ^ 0x5F)
        length &+= UInt64(n)
    }

    public mutating func add(_ data: Data) { data.withUnsafeBytes { add($0) } }

    public mutating func add(_ string: String) {
        var s = string
        s.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ value: Int) { mix(UInt64(bitPattern: Int64(value))); length &+= 8 }

    /// Sixteen hex digits.
    public var hex: String {
        var x = h ^ length
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        let digits = String(x, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func of(_ data: Data) -> String {
        var f = Fingerprint()
        f.add(data)
        return f.hex
    }

    public static func of(_ string: String) -> String {
        var f = Fingerprint()
        f.add(string)
        return f.hex
    }

    /// A file's fingerprint, or nil if it cannot be read (a missing input counts as changed).
    public static func ofFile(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return of(data)
    }
}

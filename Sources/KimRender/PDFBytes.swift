/// Bytes of PDF syntax being written: numbers, names, strings, as PDF 1.7 (ISO 32000-1, 7.3)
/// spells them.
///
/// Numbers are written with at most three decimals and no exponent (a thousandth of a point is far
/// below what any printer resolves), without Foundation's formatting, which was a large part of
/// the cost of writing a page.
struct PDFBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func add(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func add(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func add(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func space() { bytes.append(0x20) }

    mutating func newline() { bytes.append(0x0A) }

    /// An integer in decimal.
    mutating func int(_ v: Int) {
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            int(v == .min ? .max : -v)  // -Int.min would trap
            return
        }
        if v < 10 {
            bytes.append(0x30 + UInt8(v))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = v
        var k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 {
                d[k] = 0x30 + UInt8(n % 10)
                n /= 10
                k += 1
            }
            for i in stride(from: k - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// A real number, rounded to three decimals, trailing zeros dropped (`12.5`, `-0.25`, `3`).
    mutating func number(_ v: Double) {
        guard v.isFinite else {
            bytes.append(0x30)
            return
        }
        let scaled = (v * 1000).rounded()
        guard abs(scaled) < 9e15 else {
            // Far beyond any page (PDF readers stop at about ±3.4e38, Acrobat at ±32767); clamped
            // so that the conversion cannot trap. Layout refuses sizes that would get here.
            int(Int(min(max(v.rounded(), -9e15), 9e15)))
            return
        }
        var m = Int(scaled)
        if m < 0 {
            bytes.append(UInt8(ascii: "-"))
            m = -m
        }
        int(m / 1000)
        var frac = m % 1000
        guard frac != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var width = 3
        while frac % 10 == 0 {
            frac /= 10
            width -= 1
        }
        var divisor = width == 3 ? 100 : width == 2 ? 10 : 1
        while divisor > 0 {
            bytes.append(0x30 + UInt8(frac / divisor % 10))
            divisor /= 10
        }
    }

    /// `n 0 R`.
    mutating func ref(_ object: Int) {
        int(object)
        add(" 0 R")
    }

    /// A name (`/P`, `/Noto#20Sans`): delimiters, whitespace and bytes outside ! … ~ as #xx.
    mutating func name(_ s: String) {
        bytes.append(UInt8(ascii: "/"))
        for b in s.utf8 {
            if b < 0x21 || b > 0x7E || Self.isNameDelimiter(b) {
                bytes.append(UInt8(ascii: "#"))
                hexByte(b)
            } else {
                bytes.append(b)
            }
        }
    }

    /// `#` and the PDF delimiters `()<>[]{}/%`, which a name writes as `#xx` (a switch: every
    /// font resource name of every glyph run passes here).
    @inline(__always)
    static func isNameDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "#"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            true
        default: false
        }
    }

    /// A text string (`/Title`, `/Lang`, `/ActualText`): a literal string when it is printable
    /// ASCII, otherwise UTF-16BE with a byte order mark, in hexadecimal.
    mutating func text(_ s: String) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            literal(s.utf8)
        } else {
            utf16Hex(Array(s.utf16))
        }
    }

    /// `<FEFF…>`: UTF-16 code units with a byte order mark (also for the empty text).
    mutating func utf16Hex(_ units: some Collection<UInt16>) {
        add("<FEFF")
        for u in units { hex16(u) }
        bytes.append(UInt8(ascii: ">"))
    }

    /// `(…)` with `\`, `(` and `)` escaped.
    mutating func literal(_ s: some Sequence<UInt8>) {
        bytes.append(UInt8(ascii: "("))
        for b in s {
            if b == UInt8(ascii: "\\") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(b)
        }
        bytes.append(UInt8(ascii: ")"))
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    mutating func hexByte(_ b: UInt8) {
        bytes.append(Self.hexDigits[Int(b >> 4)])
        bytes.append(Self.hexDigits[Int(b & 15)])
    }

    /// Four hex digits (a glyph ID or a UTF-16 unit).
    mutating func hex16(_ v: UInt16) {
        hexByte(UInt8(v >> 8))
        hexByte(UInt8(v & 0xFF))
    }
}

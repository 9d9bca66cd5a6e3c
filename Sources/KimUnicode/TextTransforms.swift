internal import CICU

/// Normalisation and transliteration through ICU: what cleaning untrusted values needs.
public enum TextTransforms {
    /// The text in Unicode Normalization Form C (composed: "é" as one code point).
    public static func nfc(_ text: String) throws -> String {
        let u = Array(text.utf16)
        return try utf16Call("kim_normalize_nfc", start: u.count + 8) { kim_normalize_nfc(u, Int32(u.count), $0, $1, $2) }
    }

    /// The text in Normalization Form KC: compatibility characters folded to what they stand
    /// for (the ligature "ﬀ" to "ff", mathematical and full-width letters to plain ones).
    public static func nfkc(_ text: String) throws -> String {
        let u = Array(text.utf16)
        return try utf16Call("kim_normalize_nfkc", start: u.count + 8) { kim_normalize_nfkc(u, Int32(u.count), $0, $1, $2) }
    }

    /// The text through an ICU transliterator, e.g. `Ukrainian-Latin/BGN; Latin-ASCII`:
    /// "Олександр" gives "Oleksandr".
    public static func transliterate(_ text: String, id: String) throws -> String {
        let u = Array(text.utf16)
        return try utf16Call("kim_transliterate(\(id))", start: u.count * 4 + 16) { kim_transliterate(id, u, Int32(u.count), $0, $1, $2) }
    }

    /// The text through a rule-based ICU transliterator made from `rules` (ICU's rule syntax;
    /// `::Persian-Latin/BGN;` calls a named transliterator), e.g. `::Any-Latin; ګ → g; ::Latin-ASCII;`.
    public static func transliterate(_ text: String, rules: String) throws -> String {
        let u = Array(text.utf16), r = Array(rules.utf16)
        return try utf16Call("kim_transliterate_rules", start: u.count * 4 + 16) {
            kim_transliterate_rules(r, Int32(r.count), u, Int32(u.count), $0, $1, $2)
        }
    }

    /// Calls a function that fills a UTF-16 buffer and returns the length it needs, growing the buffer once if needed.
    static func utf16Call(_ name: String, start: Int, _ body: (UnsafeMutablePointer<UInt16>, Int32, UnsafeMutablePointer<Int32>) -> Int32) throws -> String {
        var capacity = max(start, 1)
        while true {
            // ICU counts in Int32: a text that large is an error, not a trap.
            guard let capacity32 = Int32(exactly: capacity) else { throw ICUError(function: name, code: 1) }  // U_ILLEGAL_ARGUMENT_ERROR
            var buffer = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let n = buffer.withUnsafeMutableBufferPointer { b in b.baseAddress.map { body($0, capacity32, &status) } ?? 0 }
            try ICUError.check(status, name)
            if Int(n) > capacity { capacity = Int(n); continue }
            return String(decoding: buffer.prefix(Int(n)), as: UTF16.self)
        }
    }
}

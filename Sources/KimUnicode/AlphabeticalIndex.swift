internal import CICU
public import KimCore

/// The section letters of an alphabetical index as a reader of a language expects them (ICU's
/// AlphabeticIndex over CLDR's index characters): A–Z in German, with Ç, I, İ, Ö, Ş, Ü in
/// Turkish, Ґ, Є, І, Ї in Ukrainian, آ ا ب پ … in Persian, the Ethiopic consonant rows ሀ ለ ሐ መ
/// in Tigrinya. A name goes under the last letter that sorts at or before it (Ä under A, ё under Е).
///
/// Names in another script than the reader's get that script's own letters (those of the language
/// most likely written in it: Latin from English, Cyrillic from Russian, Arabic from Arabic,
/// Ethiopic from Amharic), placed in the collator's script order: after the reader's letters.
public final class AlphabeticalIndex: @unchecked Sendable {
    // ICU's ImmutableIndex is thread-safe; this class never changes it.
    private let handle: OpaquePointer

    public struct Bucket: Sendable, Equatable {
        public enum Kind: Int32, Sendable {
            /// A letter of some alphabet.
            case letter = 0
            /// Before the first letter (digits, symbols).
            case underflow = 1
            /// Between two scripts.
            case inflow = 2
            /// After the last letter (a script without letters in this index).
            case overflow = 3
        }
        /// The section's heading, e.g. "A", "Ç", "پ"; ICU's "…" for the underflow, inflow and overflow buckets.
        public let label: String
        public let kind: Kind
    }

    /// Every bucket in order, including ICU's underflow, inflow and overflow buckets.
    public let buckets: [Bucket]
    /// The languages whose index characters were used, the reader's first.
    public let labelLanguages: [Language]

    /// An index in `collator`'s order with the index characters of `labelLanguages`.
    public init(collator: Collator, labelLanguages: [Language]) throws {
        var status: Int32 = 0
        let locales = labelLanguages.map(\.icuLocale).joined(separator: ",")
        guard let h = kim_index_open(collator.opaque, locales, &status) else {
            throw ICUError(function: "kim_index_open", code: status == 0 ? 1 : status)
        }
        handle = h
        self.labelLanguages = labelLanguages
        var buckets: [Bucket] = []
        for i in 0..<kim_index_bucket_count(h) {
            var buffer = [UInt16](repeating: 0, count: 32)
            var type: Int32 = 0
            let n = kim_index_bucket_label(h, i, &buffer, 32, &type, &status)
            if status > 0 {
                kim_index_close(h)
                throw ICUError(function: "kim_index_bucket_label", code: status)
            }
            buckets.append(
                Bucket(
                    label: String(decoding: buffer.prefix(Int(min(n, 32))), as: UTF16.self),
                    kind: Bucket.Kind(rawValue: type) ?? .letter))
        }
        self.buckets = buckets
    }

    /// The index for a list of names read in `collator`'s language: the language's own letters,
    /// plus the letters of every other script a name starts with.
    public convenience init(collator: Collator, names: [String]) throws {
        let own = try LocaleInfo.likelyScript(of: collator.language).isoCode
        var languages = [collator.language]
        var seen: Set<String> = [own]
        for name in names {
            guard let script = Self.firstScript(of: name), seen.insert(script).inserted else { continue }
            if let language = Self.likelyLanguage(forScript: script) { languages.append(language) }
        }
        try self.init(collator: collator, labelLanguages: languages)
    }

    deinit { kim_index_close(handle) }

    /// The bucket (index into `buckets`) a name belongs in.
    public func bucket(of name: String) throws -> Int {
        let units = Array(name.utf16)
        var status: Int32 = 0
        let b = kim_index_bucket_of(handle, units, Int32(units.count), &status)
        try ICUError.check(status, "kim_index_bucket_of")
        return Int(b)
    }

    /// The letters only (no underflow, inflow or overflow buckets).
    public var letters: [String] { buckets.filter { $0.kind == .letter }.map(\.label) }

    /// The script of a name's first letter (ISO 15924), skipping digits, punctuation and marks.
    public static func firstScript(of name: String) -> String? {
        for scalar in name.unicodeScalars {
            let s = Script.of(scalar)
            if !s.isShared { return s.isoCode }
        }
        return nil
    }

    /// The language most likely written in a script (CLDR likely subtags).
    public static func likelyLanguage(forScript iso: String) -> Language? {
        var buffer = [CChar](repeating: 0, count: 16)
        var status: Int32 = 0
        let n = kim_likely_language_for_script(iso, &buffer, 16, &status)
        guard status <= 0, n > 0, n < 16 else { return nil }
        return Language(String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}

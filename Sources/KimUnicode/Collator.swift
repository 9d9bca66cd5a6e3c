internal import CICU
public import KimCore

/// Alphabetical order as a reader of a language expects it: ICU's collator with the language's
/// CLDR tailoring (Turkish c < ç and ı < i, Ukrainian г < ґ and і < ї, Persian پ چ ژ گ in their
/// places, Kurmanji ç ê î ş û as letters of their own, Russian ё with е, German ä with a).
///
/// **Names in another script.** The reader's script comes first: the language's own CLDR
/// reordering when it has one (Arabic and Persian: Arabic script; Ukrainian and Russian: Cyrillic;
/// Kurmanji: Latin, then Arabic), otherwise its likely script when that is not Latin (Tigrinya:
/// Ethiopic). Every other script follows in Unicode's default order: Latin, Greek, Cyrillic,
/// Arabic, Ethiopic. So a German street name in a Persian list stands after all Persian names,
/// in German-like order among the Latin names; the order never depends on the data.
///
/// Sort keys (`sortKey`) are computed once per entry and compared as bytes; the collator is
/// immutable and may be shared across threads.
public final class Collator: @unchecked Sendable {
    // An ICU collator is thread-safe for const use (sort keys, compare); this class never changes it.
    private let handle: OpaquePointer
    public let language: Language
    public let variant: Variant

    /// A language's collation variant.
    public enum Variant: String, Sendable, CaseIterable {
        /// The language's default order (German: ä sorted with a, "Arzt" < "Ärztin" < "Asyl").
        case standard
        /// German phone-book order: ä, ö, ü sorted as ae, oe, ue ("Ärztin" < "Afghanistan").
        /// Languages without a phone-book order in CLDR keep their standard order.
        case phonebook
    }

    public init(language: Language, variant: Variant = .standard) throws {
        self.language = language
        self.variant = variant
        let locale = variant == .phonebook ? "\(language.icuLocale)@collation=phonebook" : language.icuLocale
        // First open with the locale's own reordering to see whether CLDR gives one.
        var status: Int32 = 0
        guard let probe = kim_collator_open(locale, nil, 0, &status) else {
            throw ICUError(function: "kim_collator_open", code: status == 0 ? 1 : status)
        }
        let own = Self.reorderCodes(probe)
        let script = try LocaleInfo.likelyScript(of: language)
        if own.isEmpty, script.isoCode != "Latn", script.isoCode != "Zyyy" {
            kim_collator_close(probe)
            let codes = [script.code]
            guard let h = kim_collator_open(locale, codes, Int32(codes.count), &status) else {
                throw ICUError(function: "kim_collator_open", code: status == 0 ? 1 : status)
            }
            handle = h
        } else {
            handle = probe
        }
    }

    deinit { kim_collator_close(handle) }

    /// The CLDR locale whose tailoring is used, e.g. "tr", "de@collation=phonebook", or "root"
    /// when the language has none of its own (Tigrinya: Unicode's default order, which is the
    /// Ethiopic syllabary's order).
    public var tailoring: String {
        var buffer = [CChar](repeating: 0, count: 96)
        var status: Int32 = 0
        let n = kim_collator_actual_locale(handle, &buffer, 96, &status)
        guard status <= 0, n < 96 else { return "" }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The scripts that come first, in order (ISO 15924 codes such as "Arab"); empty when the
    /// order is Unicode's default (Latin first).
    public var scriptsFirst: [String] {
        // Codes from 0x1000 are groups (space, punctuation, digits…), not scripts.
        Self.reorderCodes(handle).filter { $0 < 0x1000 }.map { Script(code: $0).isoCode }
    }

    private static func reorderCodes(_ h: OpaquePointer) -> [Int32] {
        var codes = [Int32](repeating: 0, count: 16)
        var status: Int32 = 0
        let n = kim_collator_reorder_codes(h, &codes, 16, &status)
        guard status <= 0 else { return [] }
        return Array(codes.prefix(Int(min(n, 16))))
    }

    /// The sort key of a text: keys compare byte by byte (`<`) in this collator's order.
    public func sortKey(_ text: String) -> SortKey {
        let units = Array(text.utf16)
        var capacity = max(64, units.count * 4 + 16)
        while true {
            var key = [UInt8](repeating: 0, count: capacity)
            let n = Int(kim_collator_sort_key(handle, units, Int32(units.count), &key, Int32(capacity)))
            if n <= capacity { return SortKey(bytes: Array(key.prefix(n))) }
            capacity = n
        }
    }

    /// Compares two texts directly (for a few comparisons; sort with `sortKey` for many).
    public func compare(_ a: String, _ b: String) throws -> Int {
        let ua = Array(a.utf16), ub = Array(b.utf16)
        var status: Int32 = 0
        let r = kim_collator_compare(handle, ua, Int32(ua.count), ub, Int32(ub.count), &status)
        try ICUError.check(status, "kim_collator_compare")
        return Int(r)
    }

    /// Sorts values by a text of each, computing every sort key once.
    public func sorted<T>(_ values: [T], by text: (T) -> String) -> [T] {
        values.map { (key: sortKey(text($0)), value: $0) }
            .enumerated()
            // Equal keys keep their input order, so the result never depends on the sort algorithm.
            .sorted { $0.element.key != $1.element.key ? $0.element.key < $1.element.key : $0.offset < $1.offset }
            .map(\.element.value)
    }

    var opaque: OpaquePointer { handle }
}

/// An ICU sort key: bytes that compare in a collator's order.
public struct SortKey: Sendable, Hashable, Comparable {
    public let bytes: [UInt8]

    public static func < (a: SortKey, b: SortKey) -> Bool {
        a.bytes.lexicographicallyPrecedes(b.bytes)
    }
}

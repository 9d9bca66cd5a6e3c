internal import CICU
public import KimCore
import Synchronization

/// ICU's answers per language tag, asked once: layout asks for every paragraph.
private let knownDirections = Mutex<[String: TextDirection]>([:])
private let knownScripts = Mutex<[String: Script]>([:])

/// What ICU's locale data says about a language.
public enum LocaleInfo {
    /// The direction of the language's usual script (Arabic, Persian: right to left).
    public static func direction(of language: Language) -> TextDirection {
        if let known = knownDirections.withLock({ $0[language.tag] }) { return known }
        let direction: TextDirection = kim_locale_is_rtl(language.icuLocale) != 0 ? .rightToLeft : .leftToRight
        knownDirections.withLock { $0[language.tag] = direction }
        return direction
    }

    /// The language's likely script (CLDR likely subtags), e.g. Ethiopic for `ti`, Latin for `ku`.
    public static func likelyScript(of language: Language) throws -> Script {
        if let known = knownScripts.withLock({ $0[language.tag] }) { return known }
        var buffer = [CChar](repeating: 0, count: 16)
        var status: Int32 = 0
        let n = kim_locale_likely_script(language.icuLocale, &buffer, 16, &status)
        try ICUError.check(status, "kim_locale_likely_script")
        let code = String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let script = Script(isoCode: code) else {
            throw KimError(
                "Unknown language \"\(language)\": ICU's locale data has no script for it. Use a BCP 47 tag such as de, en, ar, fa, tr, uk, ru, ku or ti (with a script subtag if needed, e.g. ku-Latn).")
        }
        knownScripts.withLock { $0[language.tag] = script }
        return script
    }

    /// The language's likely region (CLDR likely subtags), e.g. `UA` for `uk`, `DE` for `de`; the
    /// tag's own region if it has one (`CH` for `de-CH`); nil if ICU knows none.
    public static func likelyRegion(of language: Language) throws -> String? {
        var buffer = [CChar](repeating: 0, count: 16)
        var status: Int32 = 0
        let n = kim_locale_likely_region(language.icuLocale, &buffer, 16, &status)
        try ICUError.check(status, "kim_locale_likely_region")
        return n > 0 ? String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    /// The language's name in `displayLanguage`, e.g. "Tigrinya" in English.
    public static func displayName(of language: Language, in displayLanguage: Language) -> String {
        var buffer = [UInt16](repeating: 0, count: 128)
        var status: Int32 = 0
        let n = kim_locale_display_name(language.icuLocale, displayLanguage.icuLocale, &buffer, 128, &status)
        if status > 0 { return language.tag }
        return String(decoding: buffer.prefix(Int(n)), as: UTF16.self)
    }

    public enum ExemplarKind: Int32, Sendable {
        case standard = 0
        case auxiliary = 1
        case punctuation = 3
    }

    /// The characters a reader of the language expects to see (CLDR exemplar characters).
    public static func exemplarCharacters(of language: Language, kind: ExemplarKind = .standard) throws -> [Unicode.Scalar] {
        var capacity = 512
        while true {
            var buffer = [UInt32](repeating: 0, count: capacity)
            var status: Int32 = 0
            let n = kim_exemplar_characters(language.icuLocale, kind.rawValue, &buffer, Int32(capacity), &status)
            try ICUError.check(status, "kim_exemplar_characters")
            if Int(n) > capacity { capacity = Int(n); continue }
            return buffer.prefix(Int(n)).compactMap(Unicode.Scalar.init)
        }
    }
}

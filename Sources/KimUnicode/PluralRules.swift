internal import CICU
public import KimCore

/// A CLDR plural category.
public enum PluralCategory: String, Sendable, CaseIterable, Comparable {
    case zero, one, two, few, many, other

    public static func < (a: PluralCategory, b: PluralCategory) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// The cardinal plural rules of a language, from ICU's CLDR data: Arabic uses all six categories,
/// Ukrainian and Russian one, few, many and other, German one and other.
public final class PluralRules: @unchecked Sendable {
    // ICU plural rules are immutable after creation and safe to use from several threads.
    private let handle: OpaquePointer
    public let language: Language
    /// The categories the language distinguishes, in CLDR order (zero … other).
    public let categories: [PluralCategory]

    public init(language: Language) throws {
        var status: Int32 = 0
        guard let h = kim_plural_open(language.icuLocale, &status) else {
            throw ICUError(function: "kim_plural_open", code: status == 0 ? 1 : status)
        }
        handle = h
        self.language = language
        var buffer = [CChar](repeating: 0, count: 64)
        let n = kim_plural_keywords(h, &buffer, 64, &status)
        if status > 0 {
            kim_plural_close(h)
            throw ICUError(function: "kim_plural_keywords", code: status)
        }
        let words = String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
        categories = words.compactMap { PluralCategory(rawValue: String($0)) }.sorted()
    }

    deinit { kim_plural_close(handle) }

    /// The category of a number, e.g. `few` for 3 in Arabic, `many` for 11.
    public func category(for number: Double) throws -> PluralCategory {
        var buffer = [CChar](repeating: 0, count: 16)
        var status: Int32 = 0
        let n = kim_plural_select(handle, number, &buffer, 16, &status)
        try ICUError.check(status, "kim_plural_select")
        let word = String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let category = PluralCategory(rawValue: word) else {
            throw KimError("ICU returned an unknown plural category \"\(word)\" for \(language).")
        }
        return category
    }
}

extension PluralRules {
    /// Example numbers for each of the language's categories, as ICU's rules select them: the
    /// first whole numbers from 0 to 1000 in the category, then (for categories only fractions
    /// reach, such as Russian `other`) numbers n + 0.5. At most `limit` per category.
    public func examples(limit: Int = 3) -> [(category: PluralCategory, numbers: [Double])] {
        var found: [PluralCategory: [Double]] = [:]
        let candidates = (0...1000).map(Double.init) + (0...100).map { Double($0) + 0.5 }
        for n in candidates {
            guard let c = try? category(for: n), (found[c]?.count ?? 0) < limit else { continue }
            if n != n.rounded(), !(found[c]?.isEmpty ?? true) { continue }
            found[c, default: []].append(n)
            if categories.allSatisfy({ (found[$0]?.count ?? 0) >= limit }) { break }
        }
        return categories.map { ($0, found[$0] ?? []) }
    }
}

import KimCore
import KimUnicode
import Testing

@Suite("Plural rules (CLDR through ICU)")
struct PluralRulesTests {
    @Test("Arabic: 0, 1, 2, 3, 11, 100 take six different categories")
    func arabic() throws {
        let rules = try PluralRules(language: Language("ar"))
        #expect(rules.categories == [.zero, .one, .two, .few, .many, .other])
        let got = try [0.0, 1, 2, 3, 11, 100].map { try rules.category(for: $0) }
        #expect(got == [.zero, .one, .two, .few, .many, .other])
    }

    @Test("Ukrainian and Russian: one, few, many", arguments: ["uk", "ru"])
    func eastSlavic(language: String) throws {
        let rules = try PluralRules(language: Language(language))
        #expect(rules.categories == [.one, .few, .many, .other])
        let got = try [1.0, 2, 5, 11, 21, 22, 25].map { try rules.category(for: $0) }
        #expect(got == [.one, .few, .many, .many, .one, .few, .many])
        #expect(try rules.category(for: 1.5) == .other)
    }

    @Test("Categories per language", arguments: [
        ("de", [PluralCategory.one, .other]), ("en", [.one, .other]), ("fa", [.one, .other]), ("tr", [.one, .other]),
        ("ku", [.one, .other]), ("ti", [.one, .other]),
    ])
    func categories(language: String, expected: [PluralCategory]) throws {
        #expect(try PluralRules(language: Language(language)).categories == expected)
    }
}

@Suite("Numbers and dates (ICU)")
struct FormattingTests {
    @Test("Numbers per language and numbering system")
    func numbers() throws {
        #expect(try LocaleFormatter(language: Language("de")).format(number: 1250.5) == "1.250,5")
        #expect(try LocaleFormatter(language: Language("en")).format(number: 1250.5) == "1,250.5")
        #expect(try LocaleFormatter(language: Language("fa")).format(number: 12) == "۱۲")
        #expect(try LocaleFormatter(language: Language("fa"), numberingSystem: "latn").format(number: 12) == "12")
        #expect(try LocaleFormatter(language: Language("de")).format(number: 2.6, style: .integer) == "3")
    }

    @Test("Short dates per language")
    func dates() throws {
        #expect(try LocaleFormatter(language: Language("de")).format(year: 2026, month: 1, day: 31) == "31.01.26")
        #expect(try LocaleFormatter(language: Language("de")).format(year: 2026, month: 1, day: 31, style: .medium) == "31.01.2026")
        #expect(try LocaleFormatter(language: Language("en")).format(year: 2026, month: 1, day: 31) == "1/31/26")
    }
}

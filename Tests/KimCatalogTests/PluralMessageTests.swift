import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimTestSupport
import KimUnicode
import Testing

@Suite("Plural messages as fields per category")
struct PluralMessageTests {
    @Test("a message with one plural argument splits into before, cases and after, and joins back to the same text")
    func roundTrip() throws {
        let source = "Heute: {n, plural, offset:1 =0 {niemand} one {# Person, ''{x}'' wartet} other {# Leute '{'in {room}'}'}} – danke, {name}."
        let split = try #require(PluralMessage.split(source))
        #expect(split.before == "Heute: ")
        #expect(split.argument == "n" && split.offset == 1)
        #expect(split.cases.map(\.selector) == ["=0", "one", "other"])
        #expect(split.cases.map(\.text) == ["niemand", "# Person, ''{x}'' wartet", "# Leute '{'in {room}'}'"])
        #expect(split.after == " – danke, {name}.")
        #expect(split.source == source)
        #expect(try MessageFormat.parse(split.source) == MessageFormat.parse(source))
    }

    @Test("no plural, two plurals or a broken message: no split")
    func refusals() {
        #expect(PluralMessage.split("Wir sprechen {languages}.") == nil)
        #expect(PluralMessage.split("{a, plural, other {x}} {b, plural, other {y}}") == nil)
        #expect(PluralMessage.split("{a, plural, other {x}") == nil)
        // A plural nested in a select is not at the top level.
        #expect(PluralMessage.split("{g, select, other {{n, plural, other {#}}}}") == nil)
    }

    @Test("every plural unit of the project's catalogs splits and joins to the same message")
    func projectCatalogs() throws {
        let project = try TranslationProject(root: repositoryRoot)
        var seen = 0
        for language in targetLanguages() {
            for unit in try project.units(Language(language)) where unit.plural != nil {
                guard let text = unit.translation, let split = PluralMessage.split(text) else { continue }
                #expect(split.source == text, "\(language) \(unit.id)")
                seen += 1
            }
        }
        #expect(seen > 0)
    }

    @Test("example numbers come from ICU's rules: Arabic's six categories, Russian other only by fractions")
    func examples() throws {
        let ar = try PluralRules(language: Language("ar")).examples()
        #expect(ar.map(\.category) == [.zero, .one, .two, .few, .many, .other])
        #expect(ar.map(\.numbers) == [[0], [1], [2], [3, 4, 5], [11, 12, 13], [100, 101, 102]])
        let ru = try PluralRules(language: Language("ru")).examples()
        #expect(ru.map(\.category) == [.one, .few, .many, .other])
        #expect(ru.first { $0.category == .other }?.numbers == [0.5])
        #expect(ru.first { $0.category == .one }?.numbers == [1, 21, 31])
    }

    @Test("pluralText takes the German's argument and offset, orders categories as CLDR, leaves empty ones out, and nothing typed is untranslated")
    func pluralText() throws {
        let german = "{case_managers, plural, one {# Person} other {# Personen}} hier."
        let text = try TranslationProject.pluralText(german: german, before: "", cases: ["other": "# kişi", "one": "# kişi", "few": ""], after: " burada.")
        #expect(text == "{case_managers, plural, one {# kişi} other {# kişi}} burada.")
        #expect(try TranslationProject.pluralText(german: german, before: " ", cases: ["one": "", "other": ""], after: "") == "")
        #expect(throws: KimError.self) { try TranslationProject.pluralText(german: "kein Plural", before: "", cases: [:], after: "") }
    }
}

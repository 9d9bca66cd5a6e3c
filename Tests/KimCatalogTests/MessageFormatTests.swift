import KimCatalog
import KimCore
import KimUnicode
import Testing

func fill(_ source: String, _ language: String, _ values: [String: MessageValue], numbers: String? = nil) throws -> InlineText {
    try MessageFormatter(language: Language(language), numberingSystem: numbers).format(MessageFormat.parse(source), values)
}

@Suite("ICU MessageFormat")
struct MessageFormatTests {
    let arabic = "{n, plural, zero {صفر} one {واحد} two {اثنان} few {قليل #} many {كثير #} other {آخر #}}"

    @Test("Arabic plural: 0, 1, 2, 3, 11, 100 select six different forms")
    func arabicPlural() throws {
        let got = try [0.0, 1, 2, 3, 11, 100].map { try fill(arabic, "ar", ["n": .number($0)]).plainText }
        #expect(got == ["صفر", "واحد", "اثنان", "قليل ٣", "كثير ١١", "آخر ١٠٠"])
        #expect(Set(got).count == 6)
    }

    @Test("Ukrainian and Russian plurals: 1, 2, 5, 11, 21, 22, 25", arguments: ["uk", "ru"])
    func slavicPlural(language: String) throws {
        let m = "{n, plural, one {# один} few {# кілька} many {# багато} other {# інше}}"
        let got = try [1.0, 2, 5, 11, 21, 22, 25].map { try fill(m, language, ["n": .number($0)]).plainText }
        #expect(got == ["1 один", "2 кілька", "5 багато", "11 багато", "21 один", "22 кілька", "25 багато"])
    }

    @Test("Exact matches come first; # is the number in the language's digits")
    func exactAndPound() throws {
        let m = "{count, plural, =0 {Keine Fallmanager} one {Eine Fallmanagerin} other {# Fallmanagerinnen}}"
        #expect(try fill(m, "de", ["count": .number(0)]).plainText == "Keine Fallmanager")
        #expect(try fill(m, "de", ["count": .number(1)]).plainText == "Eine Fallmanagerin")
        #expect(try fill(m, "de", ["count": .number(1250)]).plainText == "1.250 Fallmanagerinnen")
        let fa = "{count, plural, one {# مشاور} other {# مشاور}}"
        #expect(try fill(fa, "fa", ["count": .number(4)]).plainText == "۴ مشاور")
        #expect(try fill(fa, "fa", ["count": .number(4)], numbers: "latn").plainText == "4 مشاور")
    }

    @Test("select, number and date arguments")
    func selectNumberDate() throws {
        let m = "{sex, select, female {Frau} male {Herr} other {Person}} {name}, Termin am {d, date, medium} um {n, number, integer} Uhr"
        let t = try fill(m, "de", ["sex": .text("female"), "name": .text("Muster"), "d": .date(year: 2026, month: 1, day: 31), "n": .number(9.6)])
        #expect(t.plainText == "Frau Muster, Termin am 31.01.2026 um 10 Uhr")
        #expect(try fill("{d, date, short}", "de", ["d": .date(year: 2026, month: 3, day: 5)]).plainText == "05.03.26")
    }

    @Test("Inserted values become isolated atomic spans for the text engine")
    func valuesAreAtomic() throws {
        let t = try fill("اتصلوا بنا على {phone} أو {name}", "ar", ["phone": .text("+49 2521 85-1234", kind: .phone), "name": .text("Олександр")])
        #expect(t.spans.map(\.value) == [nil, .phone, nil, .value])
        #expect(t.spans[1].text == "+49 2521 85-1234")
    }

    @Test("Apostrophes: literal in words, quoting before braces")
    func apostrophes() throws {
        #expect(try fill("здоров'я {x}", "uk", ["x": .text("!")]).plainText == "здоров'я !")
        #expect(try fill("'{x}' ist kein Platzhalter, '' ist ein Apostroph", "de", [:]).plainText == "{x} ist kein Platzhalter, ' ist ein Apostroph")
        #expect(try MessageFormat.parse("'{x}'").argumentNames.isEmpty)
    }

    @Test("Argument names and plural selectors are listed for checks")
    func introspection() throws {
        let m = try MessageFormat.parse("{a} {n, plural, one {{b}} other {{c, number}}}")
        #expect(m.argumentNames == ["a", "n", "b", "c"])
        #expect(m.pluralSelectors == ["n": ["one", "other"]])
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let source: String
        let error: String
        var testDescription: String { source }
    }

    @Test("Syntax errors name the character and what to do", arguments: [
        Bad(source: "Hallo {name", error: "character 7: unclosed '{'; add '}'"),
        Bad(source: "Hallo }", error: "character 7: unmatched '}'; quote it as '}' if it is meant literally"),
        Bad(source: "{n, plurl, other {x}}", error: "character 5: unknown argument type 'plurl'; use number, date, plural or select"),
        Bad(source: "{n, plural, one {x}}", error: "character 1: plural without an 'other' case; add other {…}"),
        Bad(source: "{n, plural, ones {x} other {y}}", error: "character 13: unknown plural category 'ones'; use zero, one, two, few, many, other or =N"),
        Bad(source: "{n, plural, one {x} one {y} other {z}}", error: "character 21: the case 'one' appears twice"),
        Bad(source: "{d, date, tiny}", error: "character 11: unknown date style 'tiny'; use short, medium, long, full"),
        Bad(source: "{}", error: "character 2: expected an argument name after '{'"),
    ])
    func syntaxErrors(_ c: Bad) throws {
        let error = #expect(throws: MessageFormatError.self) { _ = try MessageFormat.parse(c.source) }
        #expect(error?.description == c.error)
    }

    @Test("A missing value is an error naming the placeholder")
    func missingValue() throws {
        let error = #expect(throws: MessageValueError.self) { _ = try fill("Hallo {name}", "de", [:]) }
        #expect(error?.name == "name" && error?.description == "The message uses {name} but no value was given for it.")
    }
}

import Foundation
import KimCore
import KimForm
import KimTestSupport
import KimUnicode
import Testing

/// The project's languages with Pashto added as data (as `LanguageAsDataTests` adds it).
func languagesWithPashto() throws -> ProjectLanguages {
    let url = repositoryRoot.appendingPathComponent("Translations/languages.json")
    var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    var languages = try #require(json["languages"] as? [[String: Any]])
    if !languages.contains(where: { $0["tag"] as? String == "ps" }) { languages.append(pashtoEntry as [String: Any]) }
    json["languages"] = languages
    return try JSONDecoder().decode(ProjectLanguages.self, from: try JSONSerialization.data(withJSONObject: json))
}

/// The languages whose names forms transliterate: those of languages.json that name a
/// transliterator, and Pashto.
func transliteratedLanguages() -> [String] {
    let listed = (try? projectLanguageList.get())?.languages.filter { $0.transliteration != nil }.map(\.tag.tag) ?? []
    return listed.contains("ps") ? listed : listed + ["ps"]
}

/// Letters of a language's CLDR exemplar set (ICU), marks and other characters left out.
func exemplarLetters(_ lang: String) throws -> [Unicode.Scalar] {
    try LocaleInfo.exemplarCharacters(of: Language(lang)).filter {
        [.uppercaseLetter, .lowercaseLetter, .otherLetter, .titlecaseLetter, .modifierLetter].contains($0.properties.generalCategory)
    }
}

/// Whether every letter and mark of `s` is in Latin script (Unicode's Script property, through
/// ICU); spaces, digits and punctuation are not letters.
func latinOnly(_ s: String) -> Bool {
    s.unicodeScalars.allSatisfy { u in
        let isMark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(u.properties.generalCategory)
        return !(u.properties.isAlphabetic || isMark) || Script.of(u) == Script.latin
    }
}

@Suite("Transliteration suggestions are Latin")
struct TransliterationTests {
    let languages: Result<ProjectLanguages, any Error> = Result { try languagesWithPashto() }

    /// The suggestion for a given name in `lang`'s form, as `--transliterate` accepts it.
    func suggestion(_ value: String, _ lang: String) throws -> String {
        let validator = ClientValidator(
            form: try FormFixture.shared.eat, language: Language(lang), languages: try languages.get(), acceptTransliterations: true)
        let record = try validator.validate(RawClient(source: "client.json", values: [(field: "given_names", value: .text(value))]))
        guard case .text(let t) = try #require(record.values["given_names"]) else {
            Issue.record("given_names is not text")
            return ""
        }
        #expect(record.notes.count == 1)
        return t
    }

    @Test("every exemplar letter gives a non-empty suggestion in Latin letters only", arguments: transliteratedLanguages())
    func exemplarLettersAreLatin(_ lang: String) throws {
        var letters = try exemplarLetters(lang)
        if lang == "ps" { letters += "ټ ډ ړ ښ ږ ګ ڼ ۍ ې ځ څ".unicodeScalars.filter { $0 != " " } }
        #expect(letters.count > 20, "\(lang): \(letters.count) exemplar letters")
        var checked = 0
        var problems: [String] = []
        // Letters of other scripts only (Ukrainian's exemplars hold the apostrophe ʼ, a Common letter).
        for letter in letters where !Script.of(letter).isShared && Script.of(letter) != Script.latin {
            let code = "U+" + String(letter.value, radix: 16, uppercase: true)
            checked += 1
            do {
                let s = try suggestion(String(letter), lang)
                if s.isEmpty { problems.append("\(code) gives nothing") }
                if !latinOnly(s) { problems.append("\(code) gives \(s), not Latin") }
                // Forms ask for the passport's Latin line: plain ASCII.
                if !s.unicodeScalars.allSatisfy({ $0.isASCII }) { problems.append("\(code) gives \(s), not ASCII") }
            } catch {
                problems.append("\(code): \(error)")
            }
        }
        #expect(problems == [], "\(lang)")
        #expect(checked > 20)
    }

    @Test("realistic names: Latin only, every word kept, Pashto's ګ no longer left as it is")
    func names() throws {
        for (lang, name) in [
            ("ps", "ګل ښکلی"), ("ps", "احمدزی"), ("ps", "ځرغونه ډاډ"), ("ps", "میرویس ټوخی"), ("ps", "ږمونۍ څانګه"),
            ("fa", "آرش ایرانی"), ("fa", "پژمان"), ("ar", "عبد الله"), ("ar", "ياسمين"), ("uk", "Олександр Шевченко"),
            ("ru", "Юлия Ёлкина"), ("ti", "ሰላም ተስፋይ"), ("ti", "ቀለታ ሓጎስ"),
        ] {
            let s = try suggestion(name, lang)
            let ascii = s.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(latinOnly(s) && ascii, "\(lang): \(s)")
            let words = s.split(separator: " ")
            #expect(words.count == name.split(separator: " ").count, "\(lang): \(s)")
            #expect(words.allSatisfy { $0.contains(where: \.isLetter) }, "\(lang): \(s)")
        }
        #expect(try suggestion("ګل ښکلی", "ps") == "Gl Shkly")
        // A lone alef, which BGN writes as nothing, keeps its word.
        #expect(try suggestion("ا", "fa") == "A")
        #expect(try suggestion("آرش", "fa") == "Arsh")
    }

    @Test("a value ICU cannot write in Latin letters gets no suggestion; the message names the field, never the value")
    func refused() throws {
        let tifinagh = "ⵜⴰⵎⴰⵣⵉⵖⵜ"
        for accept in [true, false] {
            let validator = ClientValidator(form: try FormFixture.shared.eat, language: Language("de"), languages: try languages.get(), acceptTransliterations: accept)
            let error = #expect(throws: KimError.self) {
                _ = try validator.validate(RawClient(source: "client.json", values: [(field: "given_names", value: .text(tifinagh))]))
            }
            let message = error?.message ?? ""
            #expect(message.contains("field given_names: must be in Latin letters"), "\(message)")
            #expect(message.contains("no suggestion"), "\(message)")
            #expect(!message.contains(tifinagh) && !message.contains("ⵜ"))
        }
    }
}

import KimCore
import KimUnicode
import Testing

@Suite("Collation and index letters (ICU through the C wrapper)")
struct CollationTests {
    @Test("each language's collator puts the names in the CLDR order written out by hand", arguments: directoryLanguages)
    func order(_ lang: String) throws {
        let collator = try Collator(language: Language(lang))
        guard let expected = expectedOrders[lang] else {
            // No order written out for this language: ICU's order must still be one order, whatever
            // the input order, and put names in the reader's own script first.
            let names = try offerNames(lang)
            #expect(names.count > 3)
            #expect(collator.sorted(names.reversed(), by: { $0 }) == names)
            #expect(collator.sorted(Array(names[3...] + names[..<3]), by: { $0 }) == names)
            let own = try LocaleInfo.likelyScript(of: Language(lang))
            let isOwn = names.map { name in name.unicodeScalars.first { $0.properties.isAlphabetic }.map { Script.of($0) == own } ?? false }
            #expect(isOwn == isOwn.sorted { $0 && !$1 }, "\(lang): names in the reader's script first")
            return
        }
        // Reversed and rotated inputs, so the result cannot come from the input order.
        #expect(collator.sorted(expected.reversed(), by: { $0 }) == expected)
        #expect(collator.sorted(Array(expected[3...] + expected[..<3]), by: { $0 }) == expected)
        // The order is not code-point order (which is what a naive sort gives) for any language but Tigrinya,
        // whose Ethiopic syllabary is encoded in its collation order (there the script order decides).
        if lang != "ti" { #expect(expected.sorted() != expected) }
        // Where CLDR tailors the language, Unicode's default order (English's) gets the names in
        // the reader's script wrong: the lists check the tailoring, not only the script order.
        if ["tr", "uk", "ku", "fa"].contains(lang) {
            let own = try LocaleInfo.likelyScript(of: Language(lang)).isoCode
            let native = expected.filter { name in name.unicodeScalars.contains { Script.of($0).isoCode == own } }
            #expect(try Collator(language: Language("en")).sorted(native.reversed(), by: { $0 }) != native)
        }
    }

    @Test("German phone-book order sorts ä, ö, ü as ae, oe, ue; standard order with a, o, u")
    func phonebook() throws {
        let phonebook = try Collator(language: Language("de"), variant: .phonebook)
        #expect(phonebook.tailoring == "de@collation=phonebook")
        #expect(phonebook.sorted(expectedPhonebookOrder.reversed(), by: { $0 }) == expectedPhonebookOrder)
        let standard = try Collator(language: Language("de"))
        #expect(try standard.compare("Ärztlicher Notdienst", "Afrikanisches Kulturzentrum") == 1)
        #expect(try phonebook.compare("Ärztlicher Notdienst", "Afrikanisches Kulturzentrum") == -1)
        // "Müller" and "Mueller" are equal at the first level in phone-book order only.
        #expect(try phonebook.compare("Müller", "Muellerin") == -1 && (try phonebook.compare("Müllerin", "Muellers")) == -1)
        #expect(try standard.compare("Müllerin", "Muellers") == 1)
        // A language without a phone-book order keeps its own order.
        let turkish = try Collator(language: Language("tr"), variant: .phonebook)
        #expect(turkish.tailoring == "tr")
        #expect(try turkish.compare("Çocuk", "Cuma") == 1)
    }

    @Test("tailorings: which CLDR collation each language uses")
    func tailorings() throws {
        let expected = [
            "de": "root", "en": "root", "ar": "ar", "fa": "fa", "tr": "tr", "uk": "uk", "ru": "ru", "ku": "ku", "ti": "root",
        ]
        for (lang, tailoring) in expected {
            #expect(try Collator(language: Language(lang)).tailoring == tailoring, "\(lang)")
        }
        // Every other language of languages.json opens a collator (CLDR's tailoring, or root's).
        for lang in directoryLanguages where expected[lang] == nil {
            #expect(try !Collator(language: Language(lang)).tailoring.isEmpty, "\(lang)")
        }
    }

    @Test("names in another script: the reader's script first, the others in Unicode's order")
    func scriptOrder() throws {
        let expected: [String: [String]] = [
            "de": [], "en": [], "tr": [], "ar": ["Arab"], "fa": ["Arab"], "uk": ["Cyrl"], "ru": ["Cyrl"], "ku": ["Latn", "Arab"],
            "ti": ["Ethi"],
        ]
        for (lang, scripts) in expected {
            #expect(try Collator(language: Language(lang)).scriptsFirst == scripts, "\(lang)")
        }
        // Every other language of languages.json written in a script other than Latin puts it first.
        for lang in directoryLanguages where expected[lang] == nil {
            let own = try LocaleInfo.likelyScript(of: Language(lang)).isoCode
            if own != "Latn" { #expect(try Collator(language: Language(lang)).scriptsFirst.first == own, "\(lang)") }
        }
        // A German street name in a Persian list after the Persian names; Cyrillic after Latin;
        // digits before letters in every language.
        let fa = try Collator(language: Language("fa"))
        #expect(
            fa.sorted(["Радуга", "Beispielweg 12", "ی", "آ", "12 Uhr"], by: { $0 }) == [
                "12 Uhr", "آ", "ی", "Beispielweg 12", "Радуга",
            ])
        let ti = try Collator(language: Language("ti"))
        #expect(ti.sorted(["Zoo", "ሀገር", "ፐ", "Äpfel"], by: { $0 }) == ["ሀገር", "ፐ", "Äpfel", "Zoo"])
        let de = try Collator(language: Language("de"))
        #expect(de.sorted(["ሀገር", "Радуга", "بيت", "Zoo"], by: { $0 }) == ["Zoo", "Радуга", "بيت", "ሀገር"])
    }

    @Test("equal sort keys keep their input order; keys are computed once per entry and compare as bytes")
    func stable() throws {
        let de = try Collator(language: Language("de"))
        #expect(de.sortKey("Straße") < de.sortKey("Strasse") || de.sortKey("Strasse") < de.sortKey("Straße"))
        #expect(de.sortKey("a") < de.sortKey("B"))
        let pairs = [("x", 1), ("x", 2), ("a", 3), ("x", 0)]
        #expect(de.sorted(pairs, by: { $0.0 }).map(\.1) == [3, 1, 2, 0])
    }

    @Test("index letters per language are CLDR's index characters", arguments: directoryLanguages)
    func indexLetters(_ lang: String) throws {
        let index = try AlphabeticalIndex(collator: try Collator(language: Language(lang)), labelLanguages: [Language(lang)])
        guard let expected = expectedIndexLetters[lang] else {
            // No letters written out for this language: ICU's are letters, each once, and in the
            // language's own script where it is not Latin.
            #expect(index.letters.count > 10, "\(lang): \(index.letters)")
            #expect(Set(index.letters).count == index.letters.count)
            #expect(index.letters.allSatisfy { $0.count == 1 && ($0.first?.isLetter ?? false) }, "\(lang): \(index.letters)")
            let own = try LocaleInfo.likelyScript(of: Language(lang))
            #expect(index.letters.contains { l in l.unicodeScalars.contains { Script.of($0) == own } }, "\(lang): \(index.letters)")
            return
        }
        #expect(index.letters == expected)
    }

    @Test("names go under the right letter: Ä under A, ё under Е, ï under Ї, a Latin name in Persian under its Latin letter")
    func buckets() throws {
        func label(_ lang: String, _ name: String, names: [String] = []) throws -> String {
            let index = try AlphabeticalIndex(collator: try Collator(language: Language(lang)), names: names + [name])
            return index.buckets[try index.bucket(of: name)].label
        }
        #expect(try label("de", "Ärztlicher Notdienst") == "A")
        #expect(try label("de", "Übersetzungsdienst") == "U")
        #expect(try label("ru", "Ёжик") == "Е")
        #expect(try label("uk", "Їжачок") == "Ї")
        #expect(try label("uk", "Ґанок") == "Ґ")
        #expect(try label("tr", "Işık") == "I")
        #expect(try label("tr", "İş ve Meslek") == "İ")
        #expect(try label("tr", "Şehir") == "Ş")
        #expect(try label("ku", "Înîsiyatîfa Dêûbavên Penaber") == "Î")
        #expect(try label("fa", "پزشک کشیک") == "پ")
        #expect(try label("fa", "ژیان") == "ژ")
        #expect(try label("fa", "Caritas-Migrationsdienst") == "C")
        #expect(try label("ar", "أخوة كبار") == "ا")
        #expect(try label("ti", "ማሕበረሰብ") == "መ")
        #expect(try label("ti", "ቤት ትምህርቲ") == "በ")
        #expect(try label("de", "Радуга e. V.") == "Р")
        // The reader's letters come first, then those of other scripts.
        let fa = try AlphabeticalIndex(collator: try Collator(language: Language("fa")), names: ["Caritas", "Радуга"])
        let letters = fa.letters
        let yeh = try #require(letters.firstIndex(of: "ی")), a = try #require(letters.firstIndex(of: "A"))
        let z = try #require(letters.firstIndex(of: "Z")), er = try #require(letters.firstIndex(of: "Р"))
        #expect(yeh < a && z < er)
        #expect(fa.labelLanguages == [Language("fa"), Language("en"), Language("ru")])
    }
}

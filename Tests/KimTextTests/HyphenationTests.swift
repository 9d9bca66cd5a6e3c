import Foundation
import KimCore
import KimText
import Testing

/// `word` with a hyphen at each point, for readable expectations.
func hyphenated(_ word: String, _ language: String) throws -> String {
    let points = try #require(try Hyphenator.shared(for: Language(language))).points(in: word)
    let units = Array(word.utf16)
    var out = ""
    var last = 0
    for p in points {
        out += String(decoding: units[last..<p], as: UTF16.self) + "-"
        last = p
    }
    return out + String(decoding: units[last...], as: UTF16.self)
}

/// Justified lines (the last excepted) that fell back to start because their gaps would exceed the cap.
func startFallbacks(_ p: LaidOutParagraph) -> Int {
    p.lines.dropLast().filter { abs($0.width - p.width) >= 0.01 }.count
}

let germanNarrow =
    "Das Kommunale Integrationsmanagement (KIM) berät Sie kostenlos und vertraulich zu Aufenthaltsrecht, Sprachkursen, Arbeit, Wohnen, Schule und Gesundheit. Die Ausländerbehörde verlängert Ihren Aufenthaltstitel."

/// Points with Debian 12's hyphen-de, hyphen-en-us, hyphen-ru and hyphen-uk patterns, after
/// kimdoc's minimums (2 before, 3 after for de and en; 2/2 otherwise): what libhyphen 2.8.8 gives
/// too (`HyphenationDifferentialTests` checks that word for word).
@Suite("Hyphenation")
struct HyphenationTests {
    @Test("Pattern files follow from the tag and ICU's likely region; no patterns, no hyphenator")
    func patternFiles() throws {
        let expected = [
            "de": "hyph_de_DE.dic", "de-CH": "hyph_de_CH.dic", "en": "hyph_en_US.dic", "ru": "hyph_ru_RU.dic",
            "uk": "hyph_uk_UA.dic",
        ]
        for (tag, file) in expected {
            #expect(try Hyphenator.patternFile(for: Language(tag)) == "/usr/share/hyphen/\(file)", "\(tag)")
        }
        for tag in ["ar", "fa", "ti", "tr", "ku", "ku-Latn"] {
            #expect(try Hyphenator.shared(for: Language(tag)) == nil, "\(tag)")
        }
        let de = try #require(try Hyphenator.shared(for: Language("de")))
        #expect((de.leftMinimum, de.rightMinimum) == (2, 3))
        #expect(try Hyphenator.shared(for: Language("de")) === de, "loaded once per process")
        let uk = try #require(try Hyphenator.shared(for: Language("uk")))
        #expect((uk.leftMinimum, uk.rightMinimum) == (2, 2))
    }

    @Test("German (ISO8859-1 patterns)")
    func german() throws {
        #expect(try hyphenated("Integrationsmanagement", "de") == "In-te-gra-ti-ons-ma-nage-ment")
        #expect(try hyphenated("Aufenthaltstitel", "de") == "Auf-ent-halts-ti-tel")
        // The patterns also offer "hör-de"; the right minimum of 3 drops it.
        #expect(try hyphenated("Ausländerbehörde", "de") == "Aus-län-der-be-hörde")
        #expect(try Hyphenator.shared(for: Language("de"))?.points(in: "Integrationsmanagement") == [2, 4, 7, 9, 12, 14, 18])
    }

    @Test("English (UTF-8 patterns)")
    func english() throws {
        #expect(try hyphenated("information", "en") == "in-for-ma-tion")
        #expect(try hyphenated("hyphenation", "en") == "hy-phen-ation")
        #expect(try hyphenated("consultation", "en") == "con-sul-ta-tion")
    }

    @Test("Russian (KOI8-R patterns)")
    func russian() throws {
        #expect(try hyphenated("пребывание", "ru") == "пре-бы-ва-ние")
        #expect(try hyphenated("бесплатно", "ru") == "бес-плат-но")
        #expect(try hyphenated("интеграция", "ru") == "ин-тегра-ция")
    }

    @Test("Ukrainian (UTF-8 patterns, two bytes a letter: points come back as character offsets)")
    func ukrainian() throws {
        #expect(try hyphenated("інтеграція", "uk") == "інте-гра-ція")
        #expect(try hyphenated("безкоштовно", "uk") == "без-ко-штовно")
        // What Debian's hyph_uk_UA.dic says, odd as it is.
        #expect(try hyphenated("громадянство", "uk") == "громадя-нство")
    }

    @Test("Offsets are UTF-16 offsets into the word as given, punctuation around it included")
    func offsets() throws {
        let de = try #require(try Hyphenator.shared(for: Language("de")))
        #expect(try de.points(in: "„Aufenthaltstitel“,") == [4, 7, 12, 14])
        #expect(try hyphenated("(Aufenthaltsrecht),", "de") == "(Auf-ent-halts-recht),")
    }

    @Test("No points: short words, digits, all capitals, inner punctuation, Arabic")
    func noPoints() throws {
        let de = try #require(try Hyphenator.shared(for: Language("de")))
        for word in ["Haus", "Hallo", "Test123x", "KOMMUNAL", "INTEGRATIONSMANAGEMENT", "z.B.Integration", "Kreis-Musterstadt"] {
            #expect(try de.points(in: word) == [], "\(word)")
        }
        #expect(try de.points(in: "الاندماج") == [], "no German pattern covers Arabic letters")
        let p = try layout(
            "تقدّم إدارة الاندماج البلدية استشارة مجانية وسرية حول قانون الإقامة ودورات اللغة والعمل والسكن والمدرسة والصحة.",
            "ar",
            widthMM: 30, alignment: .justify)
        #expect(p.lines.count > 3)
        #expect(!p.lines.contains { $0.span.isHyphenated })
    }

    @Test("A narrow justified German column: hyphens at line ends, fewer lines fall back to start")
    func narrowColumn() throws {
        let on = try layout(germanNarrow, "de", widthMM: 45, size: 9.5, alignment: .justify)
        let off = try layout(germanNarrow, "de", widthMM: 45, size: 9.5, alignment: .justify, hyphenate: false)
        let hyphenatedLines = on.lines.filter(\.span.isHyphenated)
        #expect(hyphenatedLines.count == 6)
        for line in hyphenatedLines {
            let last = try #require(line.runs.last)
            #expect(last.isHyphenated && last.text.hasSuffix("-"))
            #expect(last.glyphs.last?.cluster == line.span.content.upperBound)
            #expect(line.span.next == line.span.content.upperBound, "a hyphenated line ends inside a word")
        }
        // Measured (Debian 12, Noto Sans 9.5 pt, 45 mm): 11 lines with 10 set at start without
        // hyphenation; 9 lines with 3 at start with it.
        #expect((off.lines.count, startFallbacks(off)) == (11, 10))
        #expect((on.lines.count, startFallbacks(on)) == (9, 3))
        // Every justified line keeps its word gaps under the cap (natural widths from the same
        // lines set at start), and no line is wider than the column.
        let natural = try layout(germanNarrow, "de", widthMM: 45, size: 9.5)
        #expect(natural.lines.map(\.span) == on.lines.map(\.span))
        for (line, plain) in zip(on.lines, natural.lines) {
            #expect(line.width <= on.width + 0.01)
            guard abs(line.width - on.width) < 0.01 else { continue }
            let spaces = line.runs.flatMap(\.glyphs).filter { on.units[$0.cluster] == 0x20 }.count
            #expect((on.width - plain.width) / Double(max(spaces, 1)) <= 9.5 * 0.5)
        }
        // Nothing lost: the drawn text without the hyphens at line ends is the paragraph's text.
        let drawn = on.lines.map { line in
            let t = line.runs.map(\.text).joined()
            return line.span.isHyphenated ? String(t.dropLast()) : t + " "
        }.joined()
        #expect(drawn.trimmingCharacters(in: .whitespaces) == germanNarrow)
    }

    @Test("Never inside a value: e-mail, URL or any other atomic value stays whole", arguments: [30.0, 40.0, 60.0])
    func notInValues(widthMM: Double) throws {
        let text =
            "Schreiben Sie an [[email:integrationsmanagement@kreis-musterstadt.de]] oder lesen Sie [[url:https://www.kreis-musterstadt.de/integrationsmanagement]] und [[Integrationsmanagementberatungsstelle]] Integrationsmanagement."
        let p = try layout(text, "de", widthMM: widthMM, size: 9.5, alignment: .justify)
        for line in p.lines where line.span.isHyphenated {
            for value in p.values {
                #expect(!((value.range.lowerBound - 1)...(value.range.upperBound + 1)).contains(line.span.content.upperBound))
            }
        }
        // The same words as plain text are hyphenated.
        let plain = try layout(
            text.replacingOccurrences(of: "[[", with: "").replacingOccurrences(of: "]]", with: ""), "de", widthMM: widthMM,
            size: 9.5, alignment: .justify)
        #expect(plain.lines.filter(\.span.isHyphenated).count > p.lines.filter(\.span.isHyphenated).count)
    }

    @Test("hyphenate: false turns it off")
    func off() throws {
        let on = try layout(germanNarrow, "de", widthMM: 60, alignment: .justify)
        let off = try layout(germanNarrow, "de", widthMM: 60, alignment: .justify, hyphenate: false)
        #expect(on.lines.contains { $0.span.isHyphenated })
        #expect(!off.lines.contains { $0.span.isHyphenated })
        #expect(!off.lines.flatMap(\.runs).contains { $0.isHyphenated || $0.text.hasSuffix("-") })
    }

    @Test("The trace marks hyphenated line ends")
    func trace() throws {
        let p = try layout("Das Kommunale Integrationsmanagement berät Sie.", "de", widthMM: 55, size: 11, alignment: .justify)
        let lines = LayoutTrace.render(p).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("line 1 0..<26 next 26") && $0.hasSuffix(" hyphen") })
        #expect(lines.contains("    text Das Kommunale Integrations-"))
    }
}

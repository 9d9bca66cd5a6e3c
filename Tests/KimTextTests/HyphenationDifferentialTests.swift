import CHyphen
import Foundation
import KimCore
@testable import KimText
import KimTestSupport
import Synchronization
import Testing

/// libhyphen (Debian 12's 2.8.8), the reference kimdoc's own hyphenation is held to; only the
/// tests link it.
final class LibHyphen: Sendable {
    private nonisolated(unsafe) let dictionary: UnsafeMutablePointer<HyphenDict>
    /// libhyphen documents no thread safety.
    private let lock = Mutex(())

    private init(file: String) throws {
        guard let d = hnj_hyphen_load(file) else { throw TestFailure("libhyphen cannot load \(file)") }
        dictionary = d
    }

    deinit { hnj_hyphen_free(dictionary) }

    private static let loaded = Mutex<[String: LibHyphen]>([:])

    /// The dictionary of `file`, loaded once per test process (German takes libhyphen 2.5 s).
    static func shared(_ file: String) throws -> LibHyphen {
        try loaded.withLock { l in
            if let d = l[file] { return d }
            let d = try LibHyphen(file: file)
            l[file] = d
            return d
        }
    }

    /// For each character of `word` (bytes in the file's charset, no NUL): whether
    /// `hnj_hyphen_hyphenate3(…, left, right, 0, 0)` allows a break after it without a spelling change.
    func points(_ word: [UInt8], left: Int, right: Int) -> [Bool] {
        let size = word.count
        let cWord = word.map { CChar(bitPattern: $0) } + [0]
        var hyphens = [CChar](repeating: 0, count: size + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var pos: UnsafeMutablePointer<Int32>? = nil
        var cut: UnsafeMutablePointer<Int32>? = nil
        let status = lock.withLock { _ in
            hnj_hyphen_hyphenate3(
                dictionary, cWord, Int32(size), &hyphens, nil, &rep, &pos, &cut, Int32(left), Int32(right), 0, 0)
        }
        precondition(status == 0, "libhyphen failed")
        let characters = dictionary.pointee.utf8 != 0 ? word.filter { $0 & 0xC0 != 0x80 }.count : size
        var out = (0..<characters).map { UInt8(bitPattern: hyphens[$0]) & 1 == 1 }
        if let rep {
            for i in 0..<size where rep[i] != nil {
                if i < characters { out[i] = false }
                free(rep[i])
            }
            free(rep)
        }
        free(pos)
        free(cut)
        return out
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// kimdoc's hyphenation against libhyphen's `hnj_hyphen_hyphenate3` (both levels, the same
/// minimums), word for word:
/// - through `Hyphenator.points(in:)`, after kimdoc's rules (length, capitals, punctuation around
///   words, charset), for every token of the language's catalog and sample text and for tricky
///   tokens (ß, umlauts, capitals, punctuation, short words, hyphens and apostrophes inside);
/// - on the patterns alone (`HyphenationPatterns.values`), with left/right minimums 2/3, 1/1 and
///   3/3, for words made from the pattern files themselves (German: the first level's words and
///   compounds of two of them; every level: the letters of every n-th pattern, joined with their
///   neighbours) and for raw strings with hyphens, apostrophes, dashes and digits, which kimdoc's
///   rules keep away from the patterns but libhyphen's NOHYPHEN and implicit first level handle.
@Suite("Hyphenation: kimdoc's patterns against libhyphen")
struct HyphenationDifferentialTests {
    static let tricky: [String: [String]] = [
        "de": [
            "Straße", "Maßnahmen", "Fußgängerzone", "Größenordnung", "Müllabfuhr", "Öffnungszeiten", "Übersetzungen",
            "Äußerungen", "STRASSENVERKEHR", "ÜBERSETZUNG", "Haus", "Hallo", "Kinder", "Ärzte", "„Aufenthaltstitel“,",
            "(Aufenthaltsrecht),", "z.B.Integration", "Kreis-Musterstadt", "O'Neills", "Arbeitgeber-Verband", "Sprachkurse",
            "Beratungsstelle", "Ausländerbehörde", "Integrationskurs", "Aufenthaltstitel", "Übersetzung.", "«Schifffahrt»",
            "Schiffahrt", "Zucker", "Bäckerei", "\u{1E9E}traßenbahn", "Œuvre", "Café", "Cafe\u{301}teria", "naïve",
            "Einbürgerungsbehörde", "Integrationskursträger", "Wohnungsbaugesellschaft", "Donaudampfschifffahrtsgesellschaft",
        ],
        "en": [
            "don't", "well-known", "hyphenation", "Information", "o\u{FB03}cial", "e\u{FB04}orescence", "\u{FB03}xation",
            "\u{FB01}nancial", "UNESCO", "co-operation", "self\u{2011}help", "rock’n’roll", "naïve", "Integration",
            "(consultation).",
            "residence", "appointment", "interpreter", "Shorty", "short",
        ],
        "ru": [
            "объявление", "Ёлочка", "ёлочный", "пребывание", "интеграция", "ИНТЕГРАЦИЯ", "по-русски", "подъезд", "объёмный",
            "«консультация»,", "бесплатно", "ребёнок", "сестра",
        ],
        "uk": [
            "м'ясо", "сім’я", "ґанок", "їжачок", "Інтеграція", "безкоштовно", "громадянство", "п'ятниця", "«консультація»,",
            "інформація", "ЄВРОПА", "об'єднання",
        ],
    ]

    static let raw: [String: [String]] = [
        "de": [
            "kreis-musterstadt", "arbeit-geber", "o'neills", "ab-c", "-anfang", "ende-", "a-b-c-d", "sprach'kurs",
            "integrations-kurs'träger", "ab1cd", "2fach", "auto2", "test-3d", "--", "''", "x", "aufenthalts-titel-verlängerung",
        ],
        "en": [
            "well-known", "co-operation", "rock’n’roll", "pre–war", "don't", "o\u{FB03}cial", "\u{FB03}\u{FB03}\u{FB03}x",
            "hyphen-ation-ation", "a-b", "x", "re2hyphenation", "hyphenation99",
        ],
        "ru": ["по-русски", "кто-нибудь", "интеграция-пребывание", "об'явление", "а-б"],
        "uk": ["м'ясо", "сім’я", "п'ятниця", "м-ясо", "інтеграція–громадянство", "об'єднання'"],
    ]

    @Test("Every word gives libhyphen's points", arguments: ["de", "en", "ru", "uk"])
    func sameAsLibhyphen(language: String) throws {
        let h = try #require(try Hyphenator.shared(for: Language(language)))
        let reference = try LibHyphen.shared(h.file)

        // Through kimdoc's rules.
        var tokens = Set(try Self.catalogTokens(language))
        tokens.formUnion(Self.tricky[language] ?? [])
        if language == "de" { tokens.formUnion(try Self.germanListWords(h.file)) }
        var hyphenated = 0
        for token in tokens.sorted() {
            let expected: [Int] =
                if let prepared = h.prepare(token) {
                    h.offsets(prepared, breaksAfter: reference.points(prepared.bytes, left: h.leftMinimum, right: h.rightMinimum))
                } else { [] }
            let got = try h.points(in: token)
            #expect(got == expected, "\(language) \(token)")
            if !got.isEmpty { hyphenated += 1 }
        }
        #expect(tokens.count >= 250 && hyphenated >= tokens.count / 5, "\(tokens.count) tokens, \(hyphenated) hyphenated")

        // The patterns alone.
        var words = try Self.patternWords(h.file)
        words += (Self.raw[language] ?? []).compactMap { h.encode(Array($0.unicodeScalars)) }
        words += tokens.compactMap { h.prepare($0)?.bytes }
        for word in words where !word.isEmpty {
            for (left, right) in [(2, 3), (1, 1), (3, 3)] {
                let got = h.patterns.values(for: word, leftMinimum: left, rightMinimum: right).map(HyphenationPatterns.isPoint)
                #expect(got == reference.points(word, left: left, right: right), "\(language) \(word) \(left)/\(right)")
            }
        }
        #expect(words.count >= 1500, "\(words.count) words")
        print(
            "hyphenation differential, \(language): \(tokens.count) tokens (\(hyphenated) hyphenated), \(words.count) words × 3 minimums"
        )
    }

    /// Whitespace-separated tokens of the language's catalog (German: the msgids) and sample text.
    static func catalogTokens(_ language: String) throws -> [String] {
        let translations = repositoryRoot.appendingPathComponent("Translations")
        let catalog = language == "de" ? "kimdoc.pot" : "\(language).po"
        let wanted = language == "de" ? "msgid" : "msgstr"
        var texts = [try String(contentsOf: translations.appendingPathComponent("samples/\(language).txt"), encoding: .utf8)]
        // The quoted strings of the wanted field, continuation lines included (escapes that
        // matter for words: \n and \").
        var field = ""
        for line in try String(contentsOf: translations.appendingPathComponent(catalog), encoding: .utf8).split(separator: "\n") {
            if let keyword = line.split(separator: " ").first, !line.hasPrefix("\"") {
                field = String(keyword.prefix { $0 != "[" })
            }
            guard field == wanted, let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close else {
                continue
            }
            let quoted = String(line[line.index(after: open)..<close])
            texts.append(quoted.replacingOccurrences(of: "\\n", with: " ").replacingOccurrences(of: "\\\"", with: "\""))
        }
        return texts.flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
    }

    /// Every 40th word of the German file's first level (a list of words and compounds), some
    /// capitalised, and compounds of two of them.
    static func germanListWords(_ file: String) throws -> [String] {
        let lines = try Data(contentsOf: URL(fileURLWithPath: file)).split(separator: UInt8(ascii: "\n"))
        let level = lines.dropFirst().prefix { !$0.starts(with: Array("NEXTLEVEL".utf8)) }
        let entries = level.filter { line in
            guard let f = line.first, f >= UInt8(ascii: "a") && f <= UInt8(ascii: "z") || f >= 0xC0 else { return false }
            return !line.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "/") })
        }.map { line in
            // ISO8859-1: each byte is the Unicode scalar of the same number.
            String(String.UnicodeScalarView(line.filter { !($0 >= 0x30 && $0 <= 0x39) }.map { Unicode.Scalar($0) }))
        }
        var words: [String] = []
        for (i, e) in entries.enumerated() where i % 40 == 0 {
            words.append(i % 80 == 0 ? e.prefix(1).uppercased() + e.dropFirst() : e)
            words.append(e.prefix(1).uppercased() + e.dropFirst() + entries[(i * 37 + 11) % entries.count])
        }
        return words
    }

    /// Byte strings from every level of a pattern file: for about 1,500 patterns spread over the
    /// file, its letters (word-edge dots dropped) alone, with the previous pattern's letters
    /// before and with the next one's after.
    static func patternWords(_ file: String) throws -> [[UInt8]] {
        let lines = try Data(contentsOf: URL(fileURLWithPath: file)).split(separator: UInt8(ascii: "\n")).dropFirst()
        let patterns: [[UInt8]] = lines.compactMap { line in
            guard let f = line.first, f != UInt8(ascii: "%"), f != UInt8(ascii: "#"), !(f >= 0x41 && f <= 0x5A) else {
                return nil
            }
            let letters = line.prefix { $0 > 0x20 && $0 != UInt8(ascii: "/") }.filter {
                !($0 >= 0x30 && $0 <= 0x39) && $0 != UInt8(ascii: ".")
            }
            return letters.isEmpty ? nil : Array(letters)
        }
        var words: [[UInt8]] = []
        for i in stride(from: 1, to: patterns.count - 1, by: max(2, patterns.count / 1500)) {
            words.append(patterns[i])
            words.append(patterns[i - 1] + patterns[i])
            words.append(patterns[i] + patterns[i + 1])
        }
        return words
    }
}

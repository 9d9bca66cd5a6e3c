import KimCore
import Testing

@testable import KimText
@testable import KimUnicode

/// Lines take their glyphs from the paragraph's shaping where HarfBuzz says the text may be cut
/// there (`LineBuilder.part`), instead of shaping every cut item again. That is only right if the
/// reused glyphs are exactly what shaping the part again gives: checked here at every line-break
/// opportunity of real sentences in each script, both sides of the cut.
@Suite("Glyphs reused at line breaks")
struct ShapingReuseTests {
    static let samples: [(language: String, text: String)] = [
        ("de", "Kommunales Integrationsmanagement: Beratung für Zugewanderte, Aufenthaltsrecht, Sprachkurse und Schifffahrt."),
        ("ar", "إدارة الاندماج البلدية تقدم المشورة مجانًا حول الإقامة ودورات اللغة والعمل والسكن، بدون موعد مسبق."),
        ("fa", "مدیریت ادغام شهری به شما مشاوره می‌دهد: اقامت، کلاس‌های زبان، کار و مسکن."),
        ("ti", "ምምሕዳር ምውህሃድ ከተማ ብዛዕባ መንበሪ ፍቓድ፡ ትምህርቲ ቋንቋን ስራሕን ምኽሪ ይህብ።"),
        ("uk", "Муніципальне управління інтеграцією консультує безкоштовно щодо проживання, мовних курсів і роботи."),
        ("tr", "Belediye entegrasyon yönetimi oturum, dil kursları, iş ve konut konusunda ücretsiz danışmanlık sunar."),
    ]

    @Test("A reused part equals the part shaped again, at every break opportunity", arguments: samples.map(\.language))
    func reusedPartsEqualReshaping(language tag: String) throws {
        let sample = try #require(Self.samples.first { $0.language == tag })
        let language = Language(tag)
        let units = Array(sample.text.utf16)
        let script = try LocaleInfo.likelyScript(of: language)
        let font = try #require(try FontLibrary.shared.fonts(forScript: script).first)
        let rtl = LocaleInfo.direction(of: language) == .rightToLeft
        let whole = 0..<units.count
        let glyphs = try Shaper.shape(units, range: whole, font: font, rightToLeft: rtl, scriptCode: script.isoCode, language: language, size: 10)
        let cuts = try BreakOpportunities.lines(in: units, language: language).map(\.offset).filter { $0 > 0 && $0 < units.count }
        #expect(cuts.count >= 8, "the sample has \(cuts.count) break opportunities")
        var reused = 0
        for cut in cuts {
            for part in [0..<cut, cut..<units.count] {
                guard let taken = LineBuilder.part(of: glyphs, item: whole, cutTo: part) else { continue }
                reused += 1
                let reshaped = try Shaper.shape(units, range: part, font: font, rightToLeft: rtl, scriptCode: script.isoCode, language: language, size: 10)
                #expect(taken.map(\.id) == reshaped.map(\.id), "\(tag): glyphs of \(part) differ from shaping it again")
                #expect(taken.map(\.cluster) == reshaped.map(\.cluster), "\(tag): clusters of \(part)")
                #expect(zip(taken, reshaped).allSatisfy { abs($0.advance - $1.advance) < 1e-9 && abs($0.offsetX - $1.offsetX) < 1e-9 && abs($0.offsetY - $1.offsetY) < 1e-9 },
                    "\(tag): positions of \(part)")
            }
        }
        // Word spaces are safe places to cut in every one of these scripts.
        #expect(reused >= cuts.count, "\(tag): only \(reused) of \(2 * cuts.count) parts reused")
    }

    @Test("A cut inside a glyph cluster or at a glyph marked unsafe is shaped again")
    func unsafeCutsAreRefused() throws {
        let g = { (cluster: Int, unsafe: Bool) in ShapedGlyph(id: 1, cluster: cluster, advance: 5, offsetX: 0, offsetY: 0, unsafeToBreak: unsafe) }
        // Clusters 0, 2 (unsafe), 3: a ligature over 0–1, a cluster at 2 that joins with 1.
        let glyphs = [g(0, false), g(2, true), g(3, false)]
        #expect(LineBuilder.part(of: glyphs, item: 0..<4, cutTo: 0..<1) == nil, "offset 1 is inside the cluster that starts at 0")
        #expect(LineBuilder.part(of: glyphs, item: 0..<4, cutTo: 2..<4) == nil, "the glyph at 2 is unsafe to break")
        #expect(LineBuilder.part(of: glyphs, item: 0..<4, cutTo: 3..<4) == [g(3, false)])
        #expect(LineBuilder.part(of: glyphs, item: 0..<4, cutTo: 0..<3) == [g(0, false), g(2, true)])
    }
}

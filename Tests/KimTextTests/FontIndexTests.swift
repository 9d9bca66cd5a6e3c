import Foundation
import KimCore
import KimTestSupport
import KimText
import KimUnicode
import Testing

/// The font index answers a warm start without fontconfig, and is dropped when the fonts change.
@Suite("Font index")
struct FontIndexTests {
    func library(_ file: URL) -> FontLibrary { FontLibrary(index: FontIndex(file: file)) }

    @Test("A second run finds the same files without starting fontconfig")
    func warmStart() throws {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("fonts-v1.tsv")
            let cold = library(file)
            let sans = try #require(try cold.font(family: "Noto Sans"))
            let naskh = try #require(try cold.font(family: "Noto Naskh Arabic", weight: .bold))
            #expect(try cold.font(family: "No Such Family Anywhere") == nil)
            func persian(_ fonts: FontLibrary) throws -> [String] {
                let p = try ParagraphLayout(fonts: fonts).layout(
                    InlineText([InlineSpan("سلام ۱۲")]), style: ParagraphStyle(language: Language("fa")), width: 300)
                return Array(Set(p.lines.flatMap(\.runs).map(\.font.family)))
            }
            #expect(try persian(cold) == ["Noto Naskh Arabic"])
            #expect(cold.startedFontconfig)
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.hasPrefix("kimdoc font index 1\n"))
            #expect(text.contains("\nmatch\tNoto Sans\tregular\tNoto Sans\t\(sans.file)\t0\n"))
            #expect(text.contains("\nmatch\tNo Such Family Anywhere\tregular\t-\n"))
            #expect(text.contains("\nstamp\t") && text.contains("/usr/share/fonts\n"))

            let warm = library(file)
            #expect(try warm.font(family: "Noto Sans")?.file == sans.file)
            #expect(try warm.font(family: "Noto Naskh Arabic", weight: .bold)?.file == naskh.file)
            #expect(try warm.font(family: "No Such Family Anywhere") == nil)
            #expect(try persian(warm) == ["Noto Naskh Arabic"])
            #expect(!warm.startedFontconfig)
        }
    }

    @Test("A changed font folder or configuration file drops the whole index")
    func staleIndex() throws {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("fonts-v1.tsv")
            _ = try library(file).font(family: "Noto Sans")
            // Pretend /usr/share/fonts changed since: its stamp no longer matches.
            let text = try String(contentsOf: file, encoding: .utf8)
            let stale = text.split(separator: "\n").map { line in
                line.hasPrefix("stamp\t") && line.hasSuffix("\t/usr/share/fonts") ? "stamp\t1\t/usr/share/fonts" : String(line)
            }.joined(separator: "\n") + "\n"
            #expect(stale != text)
            try Data(stale.utf8).write(to: file)
            let again = library(file)
            #expect(try again.font(family: "Noto Sans") != nil)
            #expect(again.startedFontconfig)
            // Rewritten with the current stamps.
            #expect(try String(contentsOf: file, encoding: .utf8) == text)
        }
    }

    @Test("A damaged or foreign file is ignored and replaced", arguments: ["", "kimdoc font index 0\n", "kimdoc font index 1\nmatch\tNoto Sans\n", "\u{FF}\u{FE}garbage"])
    func damaged(content: String) throws {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("fonts-v1.tsv")
            try Data(content.utf8).write(to: file)
            let lib = library(file)
            #expect(try lib.font(family: "Noto Sans") != nil)
            #expect(lib.startedFontconfig)
            #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("kimdoc font index 1\n"))
        }
    }

    /// A line of a valid index with one field damaged: the face index negative, beyond 32 bits or
    /// no face of the file, the path relative or gone. It used to trap (`UInt32(-1)`) on every run.
    @Test("A face line with a bad index or file is a corrupt entry: asked again and rewritten, never a trap", arguments: [
        "-1", "99999999999999999999", "4294967296", "70000", "x", "",
    ])
    func badFace(index: String) throws {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("fonts-v1.tsv")
            let sans = try #require(try library(file).font(family: "Noto Sans"))
            // A character no configured font has, so that a fallback line is written too.
            let math = InlineText([InlineSpan("A \u{1D400}")])
            _ = try ParagraphLayout(fonts: library(file)).layout(math, style: ParagraphStyle(language: Language("de")), width: 300)
            let good = try String(contentsOf: file, encoding: .utf8)
            #expect(good.contains("\nfallback\t1d400\t"))
            for damage in [
                { (line: String) in line.hasPrefix("match\tNoto Sans\tregular\t") ? line.replacingOccurrences(of: "\t0", with: "\t\(index)") : line },
                { (line: String) in line.hasPrefix("fallback\t1d400\t") ? line.replacingOccurrences(of: "\t0", with: "\t\(index)") : line },
                { (line: String) in line.hasPrefix("match\tNoto Sans\tregular\t") ? line.replacingOccurrences(of: sans.file, with: "NotoSans.ttf") : line },
                { (line: String) in line.hasPrefix("fallback\t1d400\t") ? line.replacingOccurrences(of: "/usr/share/fonts", with: "/gone") : line },
            ] {
                let bad = good.split(separator: "\n").map { damage(String($0)) }.joined(separator: "\n") + "\n"
                #expect(bad != good)
                try Data(bad.utf8).write(to: file)
                let lib = library(file)
                #expect(try lib.font(family: "Noto Sans")?.file == sans.file)
                let p = try ParagraphLayout(fonts: lib).layout(math, style: ParagraphStyle(language: Language("de")), width: 300)
                #expect(p.lines.count == 1)
                let again = try String(contentsOf: file, encoding: .utf8)
                #expect(again.contains("\nmatch\tNoto Sans\tregular\tNoto Sans\t\(sans.file)\t0\n"))
                #expect(again.contains("\nfallback\t1d400\t") && !again.contains("/gone") && !again.contains("\t\(index)\n"))
            }
        }
    }

    @Test("Without a place to keep it, the index lives in memory only")
    func noFile() throws {
        let lib = FontLibrary(index: FontIndex(file: nil))
        #expect(try lib.font(family: "Noto Sans") != nil)
    }
}

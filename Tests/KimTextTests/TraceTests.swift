import Foundation
import KimCore
import KimText
import Testing

/// Layout traces of every stage (bidi levels, items with script and font, glyph ids and clusters,
/// breaks, lines and positions), diffed against reviewed expectations in `Traces/`.
///
/// Re-record after an intended change with `KIMDOC_RECORD_TRACES=1 swift test`, then read the
/// diff before committing it. Glyph ids depend on the fonts of Debian 12's fonts-noto-core.
struct TraceCase: CustomTestStringConvertible, Sendable {
    let name: String
    let language: String
    let widthMM: Double
    let size: Double
    let alignment: ParagraphStyle.Alignment
    let text: String
    var testDescription: String { name }
}

let traceCases: [TraceCase] = [
    TraceCase(
        name: "ar-values", language: "ar", widthMM: 150, size: 12, alignment: .start,
        text: "اتصلوا بنا على [[phone:+49 2521 85-1234]] أو اكتبوا إلى [[email:kim@kreis-musterstadt.de]] أو زوروا [[url:https://www.kreis-musterstadt.de/kim]]."
    ),
    TraceCase(
        name: "fa-zwnj", language: "fa", widthMM: 150, size: 12, alignment: .start,
        text: "کلاس\u{200C}های زبان به\u{200C}طور رایگان برگزار می\u{200C}شود."
    ),
    TraceCase(
        name: "ti-sentence", language: "ti", widthMM: 150, size: 12, alignment: .start,
        text: "ናይ ከተማ ምሕደራ ውህደት ብነጻ ምኽሪ ይህበኩም።"
    ),
    TraceCase(
        name: "de-paragraph", language: "de", widthMM: 60, size: 11, alignment: .justify,
        text: "Das Kommunale Integrationsmanagement berät Sie kostenlos und vertraulich zu Aufenthaltsrecht, Sprachkursen, Arbeit, Wohnen, Schule und Gesundheit. Telefon: [[phone:+49 2521 85-1234]]."
    ),
    TraceCase(
        name: "ar-paragraph", language: "ar", widthMM: 60, size: 12, alignment: .start,
        text: "تقدّم إدارة الاندماج البلدية استشارة مجانية وسرية حول قانون الإقامة ودورات اللغة والعمل والسكن والمدرسة والصحة. اتصلوا بنا على [[phone:+49 2521 85-1234]]."
    ),
]

@Suite("Layout traces")
struct TraceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Traces")

    @Test(arguments: traceCases)
    func traceMatchesExpectation(_ c: TraceCase) throws {
        let p = try ParagraphLayout().layout(
            InlineText.parse(markup: c.text),
            style: ParagraphStyle(language: Language(c.language), size: c.size, alignment: c.alignment),
            width: Units.points(mm: c.widthMM))
        let actual = LayoutTrace.render(p)
        let file = Self.folder.appendingPathComponent("\(c.name).trace")
        if ProcessInfo.processInfo.environment["KIMDOC_RECORD_TRACES"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: file, encoding: .utf8)
        try #require(expected != nil, "No stored trace \(file.path); record it with KIMDOC_RECORD_TRACES=1 swift test")
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = (expected ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            let first = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
            Issue.record(
                "Trace \(c.name) differs at line \(first + 1):\n expected: \(first < e.count ? String(e[first]) : "<end>")\n actual:   \(first < a.count ? String(a[first]) : "<end>")"
            )
        }
    }
}

import ArgumentParser
import Foundation
import KimCore
import KimDoc
import KimRender
import KimText

struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Lay out a text in one language and write it as PDF or PNG (a preview for translators).",
        discussion: """
            Mark atomic values with double brackets: [[+49 2521 85-1234]], or with a kind,
            [[phone:+49 2521 85-1234]], [[email:kim@example.org]], [[url:https://example.org]],
            [[date:31.01.2026]], [[number:1.250]], [[file:AZ 12-345/26]]. A value keeps its own
            reading order inside right-to-left text and is never broken across lines unless it alone
            is wider than the line. A blank line in TEXT starts a new paragraph.

            Examples:
              kimdoc text --lang ar --out ar.pdf 'اتصلوا بنا على [[phone:+49 2521 85-1234]].'
              kimdoc text --lang fa --width 60 --align justify --out fa.png "$(cat fa.txt)"
              kimdoc text --lang de --trace --out /dev/null 'Ein Absatz.'
            """
    )

    @Option(help: "Language of the text, a BCP 47 tag (de, en, ar, fa, tr, uk, ru, ku, ti, …).")
    var lang: String

    @Option(help: "Line width in millimetres.")
    var width: Double = 120

    @Option(help: "Font size in points.")
    var size: Double = 12

    @Option(help: "Alignment: start (right in Arabic and Persian), end, center or justify.")
    var align: String = "start"

    @Option(help: "Base direction: lang (from the language), auto (first strong character), ltr or rtl.")
    var dir: String = "lang"

    @Option(help: "Output file; .pdf or .png.")
    var out: String

    @Option(help: "Resolution of a PNG in dots per inch.")
    var dpi: Double = 150

    @Option(help: "PDF creation date (ISO 8601) for reproducible output; default SOURCE_DATE_EPOCH or now.")
    var date: String?

    @Option(help: "PDF title; default the first words of the text.")
    var title: String?

    @Option(name: .customLong("font"), help: "Font priority for a script, e.g. Arab=\"Noto Sans Arabic,Noto Naskh Arabic\" (repeatable; ISO 15924 codes).")
    var fonts: [String] = []

    @Flag(help: "Print the layout trace (bidi levels, items, glyphs, lines) to standard output.")
    var trace = false

    @Argument(help: "The text, with [[…]] marking values.")
    var text: String

    func run() throws {
        try reportingErrors {
            guard let alignment = ParagraphStyle.Alignment(rawValue: align) else {
                throw ValidationError("--align \(align): use start, end, center or justify.")
            }
            let direction: DirectionPolicy
            switch dir {
            case "lang": direction = .fromLanguage
            case "auto": direction = .firstStrong
            case "ltr": direction = .fixed(.leftToRight)
            case "rtl": direction = .fixed(.rightToLeft)
            default: throw ValidationError("--dir \(dir): use lang, auto, ltr or rtl.")
            }
            // Checked here, before layout: NaN, infinity or 1e308 would otherwise reach integer
            // conversions in the PDF writer and trap.
            guard (1...5000).contains(width) else {
                throw ValidationError("--width \(width): give a line width between 1 and 5000 millimetres.")
            }
            guard ParagraphStyle.sizeRange.contains(size) else {
                throw ValidationError("--size \(size): give a font size between \(Int(ParagraphStyle.sizeRange.lowerBound)) and \(Int(ParagraphStyle.sizeRange.upperBound)) points.")
            }
            try checkDPI(dpi)
            var configuration = FontConfiguration.default
            for entry in fonts {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0].count == 4 else {
                    throw ValidationError("--font \(entry): write SCRIPT=Family[,Family…] with a four-letter script code such as Arab.")
                }
                configuration.families[parts[0].capitalized] = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let language = Language(lang)
            let style = ParagraphStyle(language: language, size: size, alignment: alignment, direction: direction)
            let preview = TextPreview(layout: ParagraphLayout(fonts: fonts.isEmpty ? .shared : FontLibrary(configuration: configuration)))
            let paragraphs = TextPreview.paragraphs(of: text)
            let page = try preview.page(paragraphs, style: style, width: Units.points(mm: width))
            if trace {
                for p in try paragraphs.map({ try preview.layout.layout($0, style: style, width: Units.points(mm: width)) }) {
                    print(LayoutTrace.render(p), terminator: "")
                }
            }
            let url = URL(fileURLWithPath: out)
            let renderer = CairoRenderer()
            switch url.pathExtension.lowercased() {
            case "pdf":
                let heading = title ?? String(paragraphs.first?.plainText.prefix(60) ?? "kimdoc")
                try PDFRenderer().writePDF([page], info: DocumentInfo(title: heading, language: language, creationDate: try creationDate(date)), to: url)
            case "png":
                try renderer.writePNG(page, dpi: dpi, to: url)
            default:
                if out == "/dev/null" { return }
                throw ValidationError("--out \(out): the file must end in .pdf or .png.")
            }
        }
    }
}

public import KimLayout
import KimRender
import KimText

/// Typst source for a laid-out document, for the benchmark's side-by-side run: the same texts in
/// the same boxes (position, width, size, weight, alignment, language, direction), the same fonts
/// and page size, so Typst does the same shaping and line breaking work kimdoc did. Images and
/// QR codes are left out (Typst would only copy them).
public enum TypstSource {
    public static func document(_ doc: LaidOutDocument, fonts: [String]) -> String {
        guard let first = doc.pages.first else { return "" }
        var out = """
            #set page(width: \(pt(first.width)), height: \(pt(first.height)), margin: 0pt)
            #set text(font: (\(fonts.map { "\"\($0)\"" }.joined(separator: ", "))), fallback: false)

            """
        for (n, page) in doc.pages.enumerated() {
            if n > 0 { out += "#pagebreak()\n" }
            for item in page.items {
                switch item {
                case .paragraph(let p, let x, let y, let color):
                    out += "#place(top + left, dx: \(pt(x)), dy: \(pt(y)), block(width: \(pt(p.width)), \(paragraph(p, color: color))))\n"
                case .rect(let x, let y, let w, let h, let fill, _, _):
                    if let fill { out += "#place(top + left, dx: \(pt(x)), dy: \(pt(y)), rect(width: \(pt(w)), height: \(pt(h)), fill: rgb(\"\(fill.hex)\"), stroke: none))\n" }
                case .rule(let x1, let y1, let x2, let y2, let w, _):
                    out += "#place(top + left, line(start: (\(pt(x1)), \(pt(y1))), end: (\(pt(x2)), \(pt(y2))), stroke: \(pt(w))))\n"
                case .image, .qrCode, .begin, .end:
                    break
                }
            }
        }
        return out
    }

    static func paragraph(_ p: LaidOutParagraph, color: Color) -> String {
        let s = p.style
        let rtl = p.direction == .rightToLeft
        let align: String
        switch s.alignment {
        case .start: align = rtl ? "right" : "left"
        case .end: align = rtl ? "left" : "right"
        case .center: align = "center"
        case .justify: align = rtl ? "right" : "left"
        }
        let text = "text(size: \(pt(s.size)), lang: \"\(p.language.tag)\", dir: \(rtl ? "rtl" : "ltr"), weight: \"\(s.weight == .bold ? "bold" : "regular")\", fill: rgb(\"\(color.hex)\"), \(literal(p.text)))"
        return "align(\(align), par(justify: \(s.alignment == .justify), leading: \(pt(s.size * (s.lineSpacing - 1) + s.size * 0.3)), \(text)))"
    }

    static func literal(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func pt(_ v: Double) -> String { String(format: "%.2fpt", v) }
}

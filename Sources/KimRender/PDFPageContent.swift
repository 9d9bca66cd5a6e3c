import KimText

/// The content stream of one page: PDF operators for what kimdoc draws.
///
/// The stream starts by flipping the y axis (`1 0 0 -1 0 h cm`), so it uses kimdoc's page
/// coordinates (points from the top-left corner) throughout; text matrices flip back
/// (`s 0 0 -s x y Tm`) so glyphs stand upright.
struct PDFPageContent {
    var out = PDFBytes(capacity: 16 * 1024)
    private var fill: Color?
    private var stroke: Color?
    private var lineWidth: Double?

    init(height: Double) {
        out.add("1 0 0 -1 0 ")
        out.number(height)
        out.add(" cm\n")
    }

    private mutating func setFill(_ c: Color) {
        guard fill != c else { return }
        fill = c
        color(c)
        out.add(" rg\n")
    }

    private mutating func setStroke(_ c: Color, width: Double) {
        if stroke != c {
            stroke = c
            color(c)
            out.add(" RG\n")
        }
        if lineWidth != width {
            lineWidth = width
            out.number(width)
            out.add(" w\n")
        }
    }

    private mutating func color(_ c: Color) {
        out.number(c.red)
        out.space()
        out.number(c.green)
        out.space()
        out.number(c.blue)
    }

    mutating func rule(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, color: Color) {
        setStroke(color, width: width)
        out.number(x1)
        out.space()
        out.number(y1)
        out.add(" m ")
        out.number(x2)
        out.space()
        out.number(y2)
        out.add(" l S\n")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: Color?, stroke: Color?, lineWidth: Double) {
        guard fill != nil || stroke != nil else { return }
        if let fill { setFill(fill) }
        if let stroke { setStroke(stroke, width: lineWidth) }
        out.number(x)
        out.space()
        out.number(y)
        out.space()
        out.number(width)
        out.space()
        out.number(height)
        out.add(fill != nil && stroke != nil ? " re B\n" : fill != nil ? " re f\n" : " re S\n")
    }

    /// The image XObject `resource` scaled to the box (its first row at the top).
    mutating func image(_ resource: String, x: Double, y: Double, width: Double, height: Double) {
        out.add("q ")
        out.number(width)
        out.add(" 0 0 ")
        out.number(-height)
        out.space()
        out.number(x)
        out.space()
        out.number(y + height)
        out.add(" cm ")
        out.name(resource)
        out.add(" Do Q\n")
    }

    /// One rectangle per horizontal run of dark modules, filled as one path (no seams between
    /// rows when rasterized).
    mutating func qrCode(_ code: QRCode, x: Double, y: Double, size: Double, color: Color) {
        let module = size / Double(code.size + 2 * QRCode.quietZone)
        let left = x + Double(QRCode.quietZone) * module
        let top = y + Double(QRCode.quietZone) * module
        setFill(color)
        for run in code.darkRuns {
            out.number(left + Double(run.column) * module)
            out.space()
            out.number(top + Double(run.row) * module)
            out.space()
            out.number(Double(run.count) * module)
            out.space()
            out.number(module)
            out.add(" re\n")
        }
        out.add("f\n")
    }

    /// One glyph run at (`x`, `y`) (the paragraph's corner): its glyphs in logical order (last
    /// first in right-to-left runs), each placed where HarfBuzz put it by `TJ` adjustments, in
    /// the font (or alias font) whose ToUnicode gives its logical text, and wrapped in an
    /// `/ActualText` span where readers by position need another text (see `TextClusters`).
    /// Returns the run's box (left, top, right, bottom).
    mutating func text(_ run: GlyphRun, x: Double, y: Double, color: Color, font: PDFFonts.Entry, marks: MarkedContent? = nil, positional: (PlacedGlyph) -> [UInt16]? = { _ in nil }) -> (Double, Double, Double, Double)? {
        let glyphs = run.glyphs
        guard !glyphs.isEmpty else { return nil }
        setFill(color)
        let size = run.size
        let texts = TextClusters(run)
        out.add("BT ")
        out.name(font.resource)
        out.add(" 1 Tf\n")
        var alias = 0
        var inArray = false
        var penX = 0.0
        var lineY = 0.0
        var left = Double.infinity
        var right = -Double.infinity
        let perUnit = size / 1000
        for k in 0..<glyphs.count {
            let g = run.isRightToLeft ? glyphs.count - 1 - k : k
            let glyph = glyphs[g]
            let gx = x + glyph.x
            let gy = y + glyph.y
            left = min(left, gx)
            right = max(right, gx + glyph.advance)
            let id = UInt16(truncatingIfNeeded: glyph.id)
            let logical = texts.logicalText(ofGlyph: g)
            let glyphAlias = font.alias(id, standingFor: logical)
            // Inside a line-wide span poppler reads the line's text instead.
            let byPosition = positional(glyph).map { ArraySlice($0) } ?? texts.text(ofGlyph: g)
            let plain = (marks?.inLine ?? false) || byPosition.elementsEqual(logical)
            if glyphAlias != alias {
                if inArray {
                    out.add("]TJ\n")
                    inArray = false
                }
                alias = glyphAlias
                out.name(font.resource(alias: alias))
                out.add(" 1 Tf\n")
            }
            if k == 0 || abs(gy - lineY) > 0.0005 {
                // A new baseline (the first glyph, a raised or lowered mark): a new text matrix.
                if inArray {
                    out.add("]TJ\n")
                    inArray = false
                }
                out.number(size)
                out.add(" 0 0 ")
                out.number(-size)
                out.space()
                out.number(gx)
                out.space()
                out.number(gy)
                out.add(" Tm\n")
                penX = gx
                lineY = gy
            }
            if !plain && inArray {
                out.add("]TJ\n")
                inArray = false
            }
            if !plain {
                if let marks {
                    marks.beginGlyph(byPosition, into: &out)
                } else {
                    out.add("/Span <</ActualText ")
                    out.utf16Hex(byPosition)
                    out.add(">> BDC ")
                }
            } else if let marks, marks.needsOpen {
                // After a glyph's span: the element's content goes on in a new MCID sequence.
                if inArray {
                    out.add("]TJ\n")
                    inArray = false
                }
                marks.reopen(into: &out)
            }
            if !inArray {
                out.byte(UInt8(ascii: "["))
                inArray = true
            }
            let shift = (penX - gx) / perUnit
            if abs(shift) > 0.05 {
                out.number(shift)
            }
            out.byte(UInt8(ascii: "<"))
            out.hex16(id)
            out.byte(UInt8(ascii: ">"))
            penX = gx + font.width(id) * perUnit
            if !plain {
                out.add("]TJ ")
                inArray = false
                if let marks { marks.endGlyph(into: &out) } else { out.add("EMC\n") }
            }
        }
        if inArray { out.add("]TJ\n") }
        out.add("ET\n")
        let baseline = y + glyphs[0].y
        let scale = run.font.scale(size: size)
        return (left, baseline - Double(run.font.ascender) * scale, right, baseline + Double(run.font.descender) * scale)
    }
}

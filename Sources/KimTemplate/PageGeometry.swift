import KimCore

/// A rectangle in points, from the top-left corner of the sheet.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// Where a layout's pages and frames are: the physical side of the sheet, its trimmed area and
/// the named frames (the text area of each column or panel).
public struct PageGeometry: Sendable {
    public struct Side: Sendable {
        /// The sheet's size including bleed.
        public let width, height: Double
        /// The final page after trimming.
        public let trim: Rect
        /// Panels (for folds) or the whole trimmed page, for backgrounds and fold marks.
        public let panels: [(name: String, rect: Rect)]
        /// Text areas, by frame name.
        public let frames: [(name: String, rect: Rect)]
    }

    public let sides: [Side]

    /// The side and rectangle of a frame.
    public func frame(_ name: String) -> (side: Int, rect: Rect)? {
        for (i, s) in sides.enumerated() { if let f = s.frames.first(where: { $0.name == name }) { return (i, f.rect) } }
        return nil
    }

    /// Widths of the six tri-fold panels, mm: the panel that folds in is 3 mm narrower so it does
    /// not buckle (letter fold, DIN lang 99 × 210 mm folded).
    public static let trifoldPanels: (outside: [(String, Double)], inside: [(String, Double)]) = (
        outside: [("flap", 97), ("back", 100), ("cover", 100)],
        inside: [("inside-left", 100), ("inside-middle", 100), ("inside-right", 97)]
    )

    public init(_ layout: PageLayout) {
        // Sheet origin to trim: the bleed, plus room for crop marks outside it.
        let b = layout.bleed + (layout.cropMarks ? Units.points(mm: 8) : 0), m = layout.margins
        switch layout.format {
        case .a4:
            let w = Units.points(mm: 210), h = Units.points(mm: 297)
            let trim = Rect(x: b, y: b, width: w, height: h)
            let n = Double(layout.columns)
            let colW = (w - 2 * m - (n - 1) * layout.gap) / n
            var frames: [(name: String, rect: Rect)] = []
            var top = b + m
            if layout.header > 0 {
                frames.append((name: "header", rect: Rect(x: b + m, y: top, width: w - 2 * m, height: layout.header)))
                top += layout.header + layout.gap / 2
            }
            for (i, name) in layout.frameNames.filter({ $0 != "header" }).enumerated() {
                frames.append((name: name, rect: Rect(x: b + m + Double(i) * (colW + layout.gap), y: top, width: colW, height: b + h - m - top)))
            }
            sides = [Side(width: w + 2 * b, height: h + 2 * b, trim: trim, panels: [(name: "page", rect: trim)], frames: frames)]
        case .trifold:
            let w = Units.points(mm: 297), h = Units.points(mm: 210)
            func side(_ panels: [(String, Double)]) -> Side {
                var x = b
                var ps: [(name: String, rect: Rect)] = []
                var fs: [(name: String, rect: Rect)] = []
                for (name, mm) in panels {
                    let pw = Units.points(mm: mm)
                    ps.append((name: name, rect: Rect(x: x, y: b, width: pw, height: h)))
                    fs.append((name: name, rect: Rect(x: x + m, y: b + m, width: pw - 2 * m, height: h - 2 * m)))
                    x += pw
                }
                return Side(width: w + 2 * b, height: h + 2 * b, trim: Rect(x: b, y: b, width: w, height: h), panels: ps, frames: fs)
            }
            sides = [side(Self.trifoldPanels.outside), side(Self.trifoldPanels.inside)]
        }
    }
}

public import KimRender

/// A laid-out block (or one list item, one form row): its height and what to draw, relative to
/// its top-left corner. What flows and the paginator place.
public struct BlockBox: Sendable {
    public var id: String
    public var height: Double
    public var spaceBefore: Double
    public var spaceAfter: Double
    /// A heading stays in the frame (or on the page) of the block after it.
    public var keepWithNext: Bool
    public var items: [Page.Item]
    /// A frame (or page) break: the next box starts in the next frame.
    public var breaksFrame = false
    /// The catalog units whose text the box shows (where a translator's text lands).
    public var units: [String] = []

    public init(id: String, height: Double, spaceBefore: Double = 0, spaceAfter: Double = 0, keepWithNext: Bool = false, items: [Page.Item], breaksFrame: Bool = false) {
        self.id = id
        self.height = height
        self.spaceBefore = spaceBefore
        self.spaceAfter = spaceAfter
        self.keepWithNext = keepWithNext
        self.items = items
        self.breaksFrame = breaksFrame
    }

    /// A box that only starts a new frame or page.
    public static func pageBreak(id: String = "break") -> BlockBox { BlockBox(id: id, height: 0, items: [], breaksFrame: true) }
}

/// An item moved by dx, dy.
public func offset(_ item: Page.Item, _ dx: Double, _ dy: Double) -> Page.Item {
    switch item {
    case .paragraph(let p, let x, let y, let color): return .paragraph(p, x: x + dx, y: y + dy, color: color)
    case .rule(let x1, let y1, let x2, let y2, let w, let gray): return .rule(x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, width: w, gray: gray)
    case .rect(let x, let y, let w, let h, let fill, let stroke, let lw): return .rect(x: x + dx, y: y + dy, width: w, height: h, fill: fill, stroke: stroke, lineWidth: lw)
    case .image(let img, let x, let y, let w, let h): return .image(img, x: x + dx, y: y + dy, width: w, height: h)
    case .qrCode(let q, let x, let y, let size, let color): return .qrCode(q, x: x + dx, y: y + dy, size: size, color: color)
    case .begin, .end: return item
    }
}

/// Where a box landed on a page: for the translators' preview, which crops the page to a
/// unit's box and outlines it. Points from the page's top-left corner.
public struct PlacedBox: Sendable, Equatable {
    /// The page (0-based).
    public let page: Int
    /// The block's id (`column-1.team#2` for a list item).
    public let block: String
    /// The catalog units whose text the box shows.
    public let units: [String]
    public let x, y, width, height: Double
    /// The frame the box is in (or would be in): its rectangle.
    public let frame: (x: Double, y: Double, width: Double, height: Double)
    /// The box did not fit: in a flow it is where it would be, below the frame's end, and not
    /// drawn (`items` has it); from the `Paginator` (forms, guides) it is drawn, running past the
    /// end of the page's or column's content area.
    public let overflowing: Bool
    /// What an overflowing box would draw, relative to its top-left corner (empty otherwise).
    public let items: [Page.Item]

    public init(page: Int, block: String, units: [String], x: Double, y: Double, width: Double, height: Double, frame: (x: Double, y: Double, width: Double, height: Double), overflowing: Bool, items: [Page.Item] = []) {
        self.items = items
        self.page = page
        self.block = block
        self.units = units
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.frame = frame
        self.overflowing = overflowing
    }

    public static func == (a: PlacedBox, b: PlacedBox) -> Bool {
        a.page == b.page && a.block == b.block && a.units == b.units && a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height
            && a.frame == b.frame && a.overflowing == b.overflowing
    }
}

/// A block that did not fit: what `kimdoc build` reports.
public struct Overflow: Sendable, Codable, Hashable, CustomStringConvertible {
    public let template: String
    public let block: String
    public let language: String
    public let millimetres: Double

    public var description: String {
        "\(template): block \(block) does not fit in \(language): \(String(format: "%.1f", millimetres)) mm too much"
    }
}

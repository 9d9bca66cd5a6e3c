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

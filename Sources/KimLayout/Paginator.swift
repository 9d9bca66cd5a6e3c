public import KimRender
public import KimTemplate

/// Puts boxes onto as many pages as they need, top to bottom in one content rectangle per page:
/// for documents that grow with their data (forms, directories), where a flow's fixed frames
/// (flyers) do not fit. A box never splits; a box that keeps with the next moves to the next page
/// with it; a box taller than a whole page is placed anyway and reported.
public struct Paginator: Sendable {
    /// Where content goes on every page, points from the page's top-left corner.
    public let content: Rect

    public init(content: Rect) { self.content = content }

    public struct Result: Sendable {
        /// The items of each page, in page coordinates.
        public var pages: [[Page.Item]]
        /// The page index (0-based) each box id first landed on: for tables of contents.
        public var pageOfBox: [String: Int]
        /// Boxes taller than a page (placed, but running past the content area), with the excess in points.
        public var tooTall: [(id: String, excess: Double)]
        /// Where each box with units went (page, top-left corner in page coordinates, height),
        /// for the translators' preview; see `placedBoxes`.
        public var placements: [(box: BlockBox, page: Int, x: Double, y: Double, tooTall: Bool)] = []

        /// The placements as `PlacedBox`es: `page` maps a paginator page to the document's page
        /// and its offset there (a guide's columns sit side by side on one page); each box's
        /// frame is the content area it was placed in. A box taller than the area is drawn, and
        /// marked overflowing (running past the area's end).
        public func placedBoxes(content: Rect, page: (Int) -> (page: Int, dx: Double, dy: Double) = { ($0, 0, 0) }) -> [PlacedBox] {
            placements.map { p in
                let to = page(p.page)
                return PlacedBox(
                    page: to.page, block: p.box.id, units: p.box.units, x: p.x + to.dx, y: p.y + to.dy, width: content.width, height: p.box.height,
                    frame: (content.x + to.dx, content.y + to.dy, content.width, content.height), overflowing: p.tooTall)
            }
        }
    }

    public func paginate(_ boxes: [BlockBox]) -> Result {
        var result = Result(pages: [[]], pageOfBox: [:], tooTall: [])
        var y = 0.0
        var previousAfter = 0.0
        func newPage() {
            result.pages.append([])
            y = 0
            previousAfter = 0
        }
        for (i, box) in boxes.enumerated() {
            if box.breaksFrame {
                if y > 0 { newPage() }
                continue
            }
            let gap = y == 0 ? 0 : max(previousAfter, box.spaceBefore)
            var needed = gap + box.height
            // A chain of keep-with-next boxes (a heading, a table head) moves with the first box after it.
            var j = i
            var after = box.spaceAfter
            while boxes[j].keepWithNext, j + 1 < boxes.count, !boxes[j + 1].breaksFrame {
                j += 1
                needed += max(after, boxes[j].spaceBefore) + boxes[j].height
                after = boxes[j].spaceAfter
            }
            if y > 0, y + needed > content.height { newPage() }
            let top = y == 0 ? 0 : gap
            let tall = top + box.height > content.height - y + 1e-6
            if tall {
                result.tooTall.append((box.id, y + top + box.height - content.height))
            }
            if !box.units.isEmpty {
                result.placements.append((box, result.pages.count - 1, content.x, content.y + y + top, tall))
            }
            result.pages[result.pages.count - 1] += box.items.map { offset($0, content.x, content.y + y + top) }
            if result.pageOfBox[box.id] == nil { result.pageOfBox[box.id] = result.pages.count - 1 }
            y += top + box.height
            previousAfter = box.spaceAfter
        }
        return result
    }
}

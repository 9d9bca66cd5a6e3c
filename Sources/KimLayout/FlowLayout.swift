import KimCore
import KimRender
import KimTemplate

/// Fills a flow's frames with its blocks, in order; `bottom` blocks sit at the foot of the last
/// frame. A block that does not fit the space left moves to the next frame (a heading moves with
/// the block after it); what does not fit the last frame is an overflow, measured in millimetres.
struct FlowLayout {
    struct Result {
        var items: [(frame: String, items: [Page.Item])] = []
        /// The first block that did not fit and how much content was left over, points.
        var overflow: (block: String, amount: Double)?
        /// Where each box went: frame index, top-left corner in page coordinates, the box; the
        /// boxes that did not fit follow, stacked below the last frame's end, marked.
        var placements: [(frame: Int, x: Double, y: Double, box: BlockBox, overflowing: Bool)] = []
    }

    static func layout(_ flow: Flow, frames: [(name: String, rect: Rect)], blocks: BlockLayout) throws -> Result {
        var result = Result()
        guard let last = frames.last else { return result }
        // Bottom blocks first: they take space from the last frame.
        var bottomBoxes: [BlockBox] = []
        for spec in flow.blocks where spec.bottom { bottomBoxes += try blocks.boxes(spec, width: last.rect.width) }
        let bottomHeight = bottomBoxes.reduce(0) { $0 + $1.height } + bottomBoxes.dropFirst().reduce(0) { $0 + $1.spaceBefore }
        // Blocks are laid out at the width of the frame they land in (the tri-fold's folding panel
        // is narrower), each when the flow reaches it, each width once. Every block gives as many
        // boxes at any width, so box i is the same block's at every width.
        let boxes = FlowBoxes(specs: flow.blocks.filter { !$0.bottom }, blocks: blocks)
        var width = frames[0].rect.width

        var frameIndex = 0
        var y = 0.0
        var previousAfter = 0.0
        var placed: [[Page.Item]] = Array(repeating: [], count: frames.count)
        func capacity(_ i: Int) -> Double { frames[i].rect.height - (i == frames.count - 1 ? bottomHeight + (bottomHeight > 0 ? 6 : 0) : 0) }
        var i = 0
        while let box = try boxes.box(i, width: width) {
            if box.breaksFrame {
                i += 1
                if frameIndex + 1 < frames.count, y > 0 {
                    frameIndex += 1
                    width = frames[frameIndex].rect.width
                    y = 0
                    previousAfter = 0
                }
                continue
            }
            let gap = y == 0 ? 0 : max(previousAfter, box.spaceBefore)
            var needed = gap + box.height
            if box.keepWithNext, let next = try boxes.box(i + 1, width: width) {
                needed += max(box.spaceAfter, next.spaceBefore) + min(next.height, 3 * 12)
            }
            if y + needed <= capacity(frameIndex) {
                let rect = frames[frameIndex].rect
                placed[frameIndex] += box.items.map { offset($0, rect.x, rect.y + y + gap) }
                result.placements.append((frameIndex, rect.x, rect.y + y + gap, box, false))
                y += gap + box.height
                previousAfter = box.spaceAfter
                i += 1
            } else if frameIndex + 1 < frames.count {
                frameIndex += 1
                width = frames[frameIndex].rect.width
                y = 0
                previousAfter = 0
            } else {
                // Overflow: everything from here on, against the space left.
                let rect = frames[frameIndex].rect
                result.placements.append((frameIndex, rect.x, rect.y + y + gap, box, true))
                var total = y + gap + box.height
                var after = box.spaceAfter
                var k = i + 1
                while let b = try boxes.box(k, width: width) {
                    total += max(after, b.spaceBefore)
                    if !b.breaksFrame { result.placements.append((frameIndex, rect.x, rect.y + total, b, true)) }
                    total += b.height
                    after = b.spaceAfter
                    k += 1
                }
                // At least a little: a heading kept with its successor can overflow on its own.
                result.overflow = (box.id, max(total - capacity(frameIndex), 0.5))
                // Close the structure elements the boxes left out would have closed (a list cut
                // off after its first items), so the document's tree stays whole.
                let open = placed.joined().reduce(0) { n, item in
                    if case .begin = item { return n + 1 }
                    if case .end = item { return n - 1 }
                    return n
                }
                placed[frameIndex] += Array(repeating: .end, count: max(open, 0))
                break
            }
        }
        // Bottom blocks, stacked up from the foot of the last frame.
        var bottomY = last.rect.maxY - bottomHeight
        for (k, box) in bottomBoxes.enumerated() {
            if k > 0 { bottomY += box.spaceBefore }
            placed[frames.count - 1] += box.items.map { offset($0, last.rect.x, bottomY) }
            result.placements.append((frames.count - 1, last.rect.x, bottomY, box, false))
            bottomY += box.height
        }
        result.items = zip(frames, placed).map { (frame: $0.name, items: $1) }
        return result
    }
}

/// A flow's boxes, each block laid out at a width only when the flow reaches it there: a flow
/// that moves to a narrower frame lays out again only the blocks that land in it.
final class FlowBoxes {
    let specs: [BlockSpec]
    let blocks: BlockLayout
    /// Boxes per block, for the blocks laid out so far (the same at every width).
    private var counts: [Int] = []
    private var laidOut: [Double: [Int: [BlockBox]]] = [:]

    init(specs: [BlockSpec], blocks: BlockLayout) {
        self.specs = specs
        self.blocks = blocks
    }

    private func boxes(ofBlock s: Int, width: Double) throws -> [BlockBox] {
        if let known = laidOut[width]?[s] { return known }
        let made = try blocks.boxes(specs[s], width: width)
        laidOut[width, default: [:]][s] = made
        if s == counts.count { counts.append(made.count) }
        return made
    }

    /// Box `i` of the flow at `width`; nil past the last.
    func box(_ i: Int, width: Double) throws -> BlockBox? {
        var first = 0
        for s in specs.indices {
            let n = s < counts.count ? counts[s] : try boxes(ofBlock: s, width: width).count
            if i < first + n { return try boxes(ofBlock: s, width: width)[i - first] }
            first += n
        }
        return nil
    }
}

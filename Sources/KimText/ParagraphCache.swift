import Synchronization
public import KimCore

/// Laid-out paragraphs of texts that recur from document to document, so each is laid out once
/// per process: a form's labels, headings and notices are the same for every client of a batch; a
/// flyer's texts are the same for every office in a language, only the office's own data differs.
/// A `ParagraphLayout` keeps one (`ParagraphLayout.cache`); a hit returns exactly what the layout
/// returned the first time (the key is everything the layout depends on besides the engine's fonts,
/// and each engine, with its fonts, has its own cache).
///
/// Never for a client's answers: `ParagraphLayout` does not look here for a paragraph with a
/// private span (`InlineSpan.isPrivate`), so personal data stays out of every cache. Bounded by an
/// estimate of the bytes it holds (`byteLimit`, and at most `capacity` paragraphs); when either is
/// reached it starts again empty, so memory stays flat however long the batch or the server runs.
public final class ParagraphCache: Sendable {
    private struct Key: Hashable {
        let text: InlineText
        let style: ParagraphStyle
        let width: Double
    }

    private let entries = Mutex<(items: [Key: LaidOutParagraph], bytes: Int)>(([:], 0))
    public let capacity: Int
    public let byteLimit: Int

    public init(capacity: Int = 4096, byteLimit: Int = 8 << 20) {
        self.capacity = capacity
        self.byteLimit = byteLimit
    }

    /// The paragraph from the cache when it was laid out before, else `make()`'s, remembered.
    public func layout(
        _ text: InlineText, style: ParagraphStyle, width: Double, make: () throws -> LaidOutParagraph
    ) rethrows -> LaidOutParagraph {
        let key = Key(text: text, style: style, width: width)
        if let hit = entries.withLock({ $0.items[key] }) { return hit }
        let made = try make()
        let bytes = made.approximateBytes
        entries.withLock { cache in
            if cache.items.count >= capacity || cache.bytes + bytes > byteLimit {
                cache.items.removeAll(keepingCapacity: true)
                cache.bytes = 0
            }
            if cache.items.updateValue(made, forKey: key) == nil { cache.bytes += bytes }
        }
        return made
    }

    public var count: Int { entries.withLock { $0.items.count } }
    /// The estimate of what the cached paragraphs take, in bytes.
    public var bytes: Int { entries.withLock { $0.bytes } }
}

extension LaidOutParagraph {
    /// What the paragraph takes in memory, roughly: its arrays' elements and a fixed part per
    /// line, run and item (for `ParagraphCache`'s bound, not an exact figure).
    var approximateBytes: Int {
        var n = 256 + units.count * 2 + levels.count + values.count * 32 + languages.count * 48
        n += items.count * 96 + opportunities.count * 24
        for line in lines {
            n += 96
            for run in line.runs { n += 128 + run.utf16.count * 2 + run.glyphs.count * MemoryLayout<PlacedGlyph>.stride }
        }
        return n
    }
}

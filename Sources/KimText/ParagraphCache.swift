import Synchronization
public import KimCore

/// Laid-out paragraphs of texts that recur from document to document, so each is laid out once
/// per process: a form's labels, headings and notices are the same for every client of a batch; a
/// flyer's texts are the same for every office in a language, only the office's own data differs;
/// a translator's preview lays the document out again for every text typed, all but one paragraph
/// unchanged. A `ParagraphLayout` keeps one (`ParagraphLayout.cache`); a hit returns exactly what
/// the layout returned the first time (the key is everything the layout depends on besides the
/// engine's fonts, and each engine, with its fonts, has its own cache).
///
/// Never for a client's answers: `ParagraphLayout` does not look here for a paragraph with a
/// private span (`InlineSpan.isPrivate`), so personal data stays out of every cache.
///
/// Two generations: when the young one holds `capacity` paragraphs or half of `byteLimit` (an
/// estimate of their memory), it becomes the old one (the one before is dropped), and a paragraph
/// found in the old one moves back into the young one. So memory stays bounded however long the
/// batch or the server runs, and the paragraphs in use (a flyer's other texts while a translator
/// types into one of them, each keystroke a new entry) survive the turn instead of all being laid
/// out again at once.
public final class ParagraphCache: Sendable {
    private struct Key: Hashable {
        let text: InlineText
        let style: ParagraphStyle
        let width: Double
    }

    private struct Generation {
        var items: [Key: LaidOutParagraph] = [:]
        var bytes = 0
    }

    private let entries = Mutex<(young: Generation, old: Generation)>((Generation(), Generation()))
    /// Paragraphs per generation.
    public let capacity: Int
    /// Estimated bytes of both generations together, at most.
    public let byteLimit: Int

    public init(capacity: Int = 4096, byteLimit: Int = 8 << 20) {
        self.capacity = max(1, capacity)
        self.byteLimit = byteLimit
    }

    /// The paragraph from the cache when it was laid out before, else `make()`'s, remembered.
    public func layout(
        _ text: InlineText, style: ParagraphStyle, width: Double, make: () throws -> LaidOutParagraph
    ) rethrows -> LaidOutParagraph {
        let key = Key(text: text, style: style, width: width)
        let hit = entries.withLock { g -> LaidOutParagraph? in
            if let p = g.young.items[key] { return p }
            guard let p = g.old.items[key] else { return nil }
            insert(key, p, into: &g)
            return p
        }
        if let hit { return hit }
        let made = try make()
        entries.withLock { insert(key, made, into: &$0) }
        return made
    }

    private func insert(_ key: Key, _ p: LaidOutParagraph, into g: inout (young: Generation, old: Generation)) {
        let bytes = p.approximateBytes
        if g.young.items.count >= capacity || g.young.bytes + bytes > byteLimit / 2 {
            g.old = g.young
            g.young = Generation()
        }
        if g.young.items.updateValue(p, forKey: key) == nil { g.young.bytes += bytes }
    }

    /// Paragraphs held (both generations; one laid out twice may count twice).
    public var count: Int { entries.withLock { $0.young.items.count + $0.old.items.count } }
    /// The estimate of what the cached paragraphs take, in bytes.
    public var bytes: Int { entries.withLock { $0.young.bytes + $0.old.bytes } }
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

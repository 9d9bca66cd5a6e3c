import Synchronization
public import KimCore

/// Laid-out paragraphs of texts that recur from document to document: a form's labels, headings
/// and notices are the same for every client of a batch, so each is laid out once per process.
///
/// Only for texts that come from templates and catalogs, never for a client's answers (personal
/// data stays out of every cache). Two generations of at most `capacity` paragraphs each: when the
/// young one is full it becomes the old one (the one before is dropped) and a paragraph found in
/// the old one moves back into the young one, so memory stays bounded however long the batch,
/// and the paragraphs in use (a flyer's other texts while a translator types into one of them,
/// each keystroke a new entry) survive the turn instead of all being laid out again at once.
public final class ParagraphCache: Sendable {
    private struct Key: Hashable {
        let text: InlineText
        let style: ParagraphStyle
        let width: Double
    }

    private struct Generations {
        var young: [Key: LaidOutParagraph] = [:]
        var old: [Key: LaidOutParagraph] = [:]
    }

    private let entries = Mutex(Generations())
    public let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The paragraph as `engine` lays it out, from the cache when it was laid out before.
    public func layout(_ text: InlineText, style: ParagraphStyle, width: Double, engine: ParagraphLayout) throws -> LaidOutParagraph {
        let key = Key(text: text, style: style, width: width)
        let hit = entries.withLock { g -> LaidOutParagraph? in
            if let p = g.young[key] { return p }
            guard let p = g.old[key] else { return nil }
            insert(key, p, into: &g)
            return p
        }
        if let hit { return hit }
        let made = try engine.layout(text, style: style, width: width)
        entries.withLock { insert(key, made, into: &$0) }
        return made
    }

    private func insert(_ key: Key, _ p: LaidOutParagraph, into g: inout Generations) {
        if g.young.count >= capacity {
            g.old = g.young
            g.young = [:]
        }
        g.young[key] = p
    }

    /// Paragraphs held (both generations; one laid out twice may count twice).
    public var count: Int { entries.withLock { $0.young.count + $0.old.count } }
}

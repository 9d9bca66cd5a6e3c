import Synchronization
public import KimCore

/// Laid-out paragraphs of texts that recur from document to document: a form's labels, headings
/// and notices are the same for every client of a batch, so each is laid out once per process.
///
/// Only for texts that come from templates and catalogs, never for a client's answers (personal
/// data stays out of every cache). The cache holds at most `capacity` paragraphs; when it is full
/// it starts again empty, so memory stays flat however long the batch.
public final class ParagraphCache: Sendable {
    private struct Key: Hashable {
        let text: InlineText
        let style: ParagraphStyle
        let width: Double
    }

    private let entries = Mutex<[Key: LaidOutParagraph]>([:])
    public let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The paragraph as `engine` lays it out, from the cache when it was laid out before.
    public func layout(_ text: InlineText, style: ParagraphStyle, width: Double, engine: ParagraphLayout) throws -> LaidOutParagraph {
        let key = Key(text: text, style: style, width: width)
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let made = try engine.layout(text, style: style, width: width)
        entries.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = made
        }
        return made
    }

    public var count: Int { entries.withLock { $0.count } }
}

public import KimText
import Synchronization

/// The paragraph engine for a template: the shared one, or, for a template with its own font
/// lists per script, one engine per template id (made once, kept for the process).
public final class ParagraphEngines: Sendable {
    public let base: ParagraphLayout
    private let byTemplate = Mutex<[String: ParagraphLayout]>([:])

    public init(base: ParagraphLayout) { self.base = base }

    public func engine(template id: String, fonts: [String: [String]]) -> ParagraphLayout {
        guard !fonts.isEmpty else { return base }
        return byTemplate.withLock { cache in
            if let l = cache[id] { return l }
            var configuration = base.fonts.configuration
            for (script, families) in fonts { configuration.families[script] = families }
            let l = ParagraphLayout(fonts: FontLibrary(configuration: configuration), cache: base.cache == nil ? nil : ParagraphCache())
            cache[id] = l
            return l
        }
    }
}

import Foundation
public import KimCore

/// A language's translations, ready for lookup while building documents.
///
/// A unit's translation is used only when it is current: translated, not fuzzy, and made for
/// the German text the template has now (whitespace differences aside). Otherwise the German
/// text is used and the fallback reported.
public struct Catalog: Sendable {
    public enum FallbackReason: String, Sendable, Codable {
        /// The unit is not in the catalog (run `kimdoc catalog update`).
        case missing
        case untranslated
        /// The German text changed since the translation was made.
        case outdated
    }

    public enum Lookup: Sendable, Equatable {
        case translated(String, draft: Bool)
        case fallback(FallbackReason)
    }

    public let language: Language
    public let path: String
    private let entries: [String: POEntry]

    public init(language: Language, file: POFile, path: String) {
        self.language = language
        self.path = path
        var map: [String: POEntry] = [:]
        for e in file.entries where !e.isHeader && !e.fields.isObsolete { map[e.fields.context ?? ""] = e }
        entries = map
    }

    /// The translation of a unit whose German text is `german`.
    public func lookup(id: String, german: String) -> Lookup {
        guard let e = entries[id] else { return .fallback(.missing) }
        guard e.isTranslated, let text = e.fields.strings.first else { return .fallback(.untranslated) }
        if e.isFuzzy || !sameIgnoringWhitespace(e.fields.id, german) { return .fallback(.outdated) }
        return .translated(text, draft: DraftMark.isDraft(e))
    }
}

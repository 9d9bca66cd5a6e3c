/// A translatable unit as the templates define it: what `catalog update` writes into the .pot.
public struct SourceUnit: Sendable, Equatable {
    /// The stable id (`msgctxt`).
    public let id: String
    /// The German source text (`msgid`), ICU MessageFormat.
    public let german: String
    /// Notes for translators (`#.`): where the text appears, placeholders, box size.
    public let notes: [String]
    /// Source locations (`#:`), `file:line`.
    public let references: [String]

    public init(id: String, german: String, notes: [String], references: [String]) {
        self.id = id
        self.german = german
        self.notes = notes
        self.references = references
    }
}

/// Source texts compared the way a translator would: runs of whitespace count as one space and
/// spaces at the ends do not count, so re-wrapping a German paragraph does not outdate its translations.
public func sameIgnoringWhitespace(_ a: String, _ b: String) -> Bool {
    // Equal texts (the usual case at every lookup) need no normalising.
    a == b || normalizedWhitespace(a) == normalizedWhitespace(b)
}

func normalizedWhitespace(_ s: String) -> String {
    s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// How translators mark a translation as not yet reviewed: a translator comment starting with
/// `draft`. Poedit, Weblate and msgmerge keep translator comments; deleting the line marks the
/// translation reviewed. (gettext drops flags it does not know, so a custom flag would be lost.)
public enum DraftMark {
    public static let comment = "draft: not yet reviewed by a person; delete this line once reviewed"

    public static func isDraft(_ entry: POEntry) -> Bool {
        entry.fields.translatorComments.contains { $0.lowercased().hasPrefix("draft") }
    }
}

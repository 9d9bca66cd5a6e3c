public import KimCore

/// How far a language's catalog is: the counts `kimdoc catalog status` prints.
///
/// `translated`, `outdated` and `untranslated` are counted as `msgfmt --statistics` counts
/// translated, fuzzy and untranslated messages (header and obsolete entries not counted);
/// a plural entry with some forms filled counts as translated, as gettext counts it);
/// `unreviewed` is the part of `translated` still marked as a draft.
public struct CatalogStatus: Sendable, Equatable, Codable {
    public let language: Language
    public let file: String
    public var total = 0
    public var translated = 0
    public var outdated = 0
    public var untranslated = 0
    public var unreviewed = 0

    public init(language: Language, file: String, catalog: POFile) {
        self.language = language
        self.file = file
        for e in catalog.entries where !e.isHeader && !e.fields.isObsolete {
            total += 1
            // As msgfmt counts: untranslated only when every msgstr is empty.
            if e.fields.strings.allSatisfy(\.isEmpty) {
                untranslated += 1
            } else if e.isFuzzy {
                outdated += 1
            } else {
                translated += 1
                if DraftMark.isDraft(e) { unreviewed += 1 }
            }
        }
    }

    /// Translated share in percent, rounded down.
    public var percent: Int { total == 0 ? 100 : translated * 100 / total }
}

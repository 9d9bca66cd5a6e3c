public import KimCore

/// How far a language's catalog is: the counts `kimdoc catalog status` prints.
///
/// Counted against the template (`kimdoc.pot`), not against whatever the file holds: `total` is
/// the number of units kimdoc's documents use, and each unit is counted by the state
/// `Catalog.lookup` gives it, the same state `kimdoc build` acts on. `translated` units are
/// printed in the language; `outdated` ones have a translation made for another German text (or
/// marked fuzzy, or a gettext plural entry where the unit is one text); `untranslated` ones have
/// no translation or no entry. `unreviewed` is the part of `translated` still marked as a draft.
/// For a catalog merged by `kimdoc catalog update` the counts equal `msgfmt --statistics`'
/// translated, fuzzy and untranslated messages. `notInTemplate` counts the catalog's active
/// entries that stand for no unit (foreign entries, left-over duplicates): the next update makes
/// them obsolete, keeping their translations.
public struct CatalogStatus: Sendable, Equatable, Codable {
    public let language: Language
    public let file: String
    public var total = 0
    public var translated = 0
    public var outdated = 0
    public var untranslated = 0
    public var unreviewed = 0
    public var notInTemplate = 0

    public init(language: Language, file: String, catalog: POFile, template: POFile) {
        self.language = language
        self.file = file
        let lookup = Catalog(language: language, file: catalog, path: file)
        var used = 0
        for unit in template.entries where !unit.isHeader && !unit.fields.isObsolete {
            total += 1
            let id = unit.fields.context ?? "", german = unit.fields.id
            if lookup.entry(id: id, german: german) != nil { used += 1 }
            switch lookup.lookup(id: id, german: german) {
            case .translated(_, let draft):
                translated += 1
                if draft { unreviewed += 1 }
            case .fallback(.outdated), .fallback(.plural): outdated += 1
            case .fallback(.untranslated), .fallback(.missing): untranslated += 1
            }
        }
        notInTemplate = catalog.entries.filter { !$0.isHeader && !$0.fields.isObsolete }.count - used
    }

    /// Translated share in percent, rounded down.
    public var percent: Int { total == 0 ? 100 : translated * 100 / total }
}

public import Foundation
public import KimCore

/// `kimdoc catalog update`: the .pot from the templates' units, and each language's .po merged
/// with it.
///
/// Merging, per unit (matched by its stable id, `msgctxt`):
/// - new unit: added untranslated;
/// - German unchanged or changed only in whitespace: the translation stays as it is (the msgid
///   takes the new German);
/// - German changed: the entry becomes fuzzy (outdated), the German the translation was made for
///   kept in `#| msgid` (an already outdated entry keeps its older `#|`); changing the German back
///   makes the translation current again;
/// - unit gone from the templates: kept as an obsolete `#~` entry if it had a translation, and
///   revived if the unit comes back.
/// Extracted comments and references follow the templates; translator comments stay.
/// Running the update twice changes nothing: unchanged entries are written back byte for byte.
public enum CatalogUpdate {
    /// The .pot for the units; `previous` is the current .pot, whose header (and creation date)
    /// is kept when the units did not change.
    public static func template(_ units: [SourceUnit], previous: POFile?, date: Date) -> POFile {
        let entries = units.map { u -> POEntry in
            var f = POEntry.Fields()
            f.extractedComments = u.notes
            f.references = u.references
            f.context = u.id
            f.id = u.german
            return POEntry(f)
        }
        if let previous, previous.entries.dropFirst().map(\.fields) == entries.map(\.fields) {
            return previous
        }
        var header = POEntry.Fields()
        header.translatorComments = [
            "kimdoc translation template, extracted from Templates/ by `kimdoc catalog update`.",
            "Do not edit: change the German text in the templates and run the update again.",
        ]
        header.strings = [
            headerText([
                ("Project-Id-Version", "kimdoc"), ("POT-Creation-Date", gettextDate(date)), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"), ("X-Source-Language", "de"),
            ])
        ]
        return POFile(entries: [POEntry(header)] + entries)
    }

    /// A new, empty catalog for a language.
    public static func newCatalog(language: Language, englishName: String, pluralForms: String, date: Date) -> POFile {
        var header = POEntry.Fields()
        header.translatorComments = [
            "\(englishName) translations of kimdoc's documents.",
            "Translations marked \"# draft\" have not been reviewed by a person yet.",
        ]
        header.strings = [
            headerText([
                ("Project-Id-Version", "kimdoc"), ("POT-Creation-Date", gettextDate(date)), ("PO-Revision-Date", gettextDate(date)),
                ("Last-Translator", "kimdoc drafts"), ("Language-Team", englishName), ("Language", language.tag), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"), ("Plural-Forms", pluralForms),
            ])
        ]
        return POFile(entries: [POEntry(header)])
    }

    /// Merges a language's catalog with the template's units.
    public static func merge(_ catalog: POFile, with template: POFile) -> POFile {
        var byID: [String: POEntry] = [:]
        var order: [String] = []
        for e in catalog.entries where !e.isHeader {
            let id = e.fields.context ?? ""
            if byID[id] == nil { order.append(id) }
            // An active entry wins over an obsolete one with the same id.
            if byID[id] == nil || byID[id]?.fields.isObsolete == true { byID[id] = e }
        }
        var out: [POEntry] = catalog.header.map { [$0] } ?? []
        var used = Set<String>()
        for unit in template.entries where !unit.isHeader {
            let id = unit.fields.context ?? ""
            used.insert(id)
            guard var entry = byID[id] else {
                var f = POEntry.Fields()
                f.extractedComments = unit.fields.extractedComments
                f.references = unit.fields.references
                f.context = id
                f.id = unit.fields.id
                out.append(POEntry(f))
                continue
            }
            var f = entry.fields
            f.isObsolete = false
            f.extractedComments = unit.fields.extractedComments
            f.references = unit.fields.references
            let german = unit.fields.id
            let translated = !f.strings.allSatisfy(\.isEmpty)
            if f.id != german {
                if !translated || sameIgnoringWhitespace(f.id, german) {
                    // Nothing to outdate, or only the wrapping changed.
                } else if f.flags.contains("fuzzy"), let previous = f.previousID, sameIgnoringWhitespace(previous, german) {
                    // The German went back to what the translation was made for.
                    f.flags.removeAll { $0 == "fuzzy" }
                    f.previousID = nil
                    f.previousContext = nil
                } else if !f.flags.contains("fuzzy") {
                    f.flags.append("fuzzy")
                    f.previousID = f.id
                }
                f.id = german
            }
            if f.previousID == nil { f.previousContext = nil }
            entry.fields = f
            out.append(entry)
        }
        for id in order where !used.contains(id) {
            guard var entry = byID[id], !entry.fields.strings.allSatisfy(\.isEmpty) else { continue }
            entry.fields.isObsolete = true
            entry.fields.references = []
            out.append(entry)
        }
        return POFile(entries: out, epilogue: catalog.epilogue, path: catalog.path)
    }

    static func headerText(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0): \($0.1)\n" }.joined()
    }

    /// A date as gettext writes it: `2026-11-21 14:05+0000`.
    public static func gettextDate(_ date: Date) -> String {
        let t = UTCTime(date)
        return "\(t.date) \(t.time.prefix(5))+0000"
    }
}

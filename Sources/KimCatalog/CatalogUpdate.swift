public import Foundation
public import KimCore

/// `kimdoc catalog update`: the .pot from the templates' units, and each language's .po merged
/// with it.
///
/// Entries are identified as gettext identifies them: by msgctxt (or its absence) together with
/// msgid. A unit of the template (its stable id is the msgctxt) takes, of the catalog's entries
/// with that context, the one made for its German text exactly, else one made for it up to
/// whitespace, else any other (active entries before obsolete ones). With that entry:
/// - German unchanged or changed only in whitespace: the translation stays as it is (the msgid
///   takes the new German);
/// - German changed: the entry becomes fuzzy (outdated), the German the translation was made for
///   kept in `#| msgid` (an already outdated entry keeps its older `#|`); changing the German back
///   makes the translation current again;
/// - a gettext plural entry (msgid_plural) for a unit that is one text becomes that text, fuzzy,
///   from its msgstr[0], as msgmerge does, and its other forms are kept in translator comments;
/// - no entry: the unit is added untranslated.
/// Every other entry is kept: an active one with a translation becomes an obsolete `#~` entry
/// (plural forms, flags and comments included, as msgmerge keeps them; only `#:` references
/// go), one without a translation is dropped (there is nothing to lose), and obsolete entries
/// stay as they are. Extracted comments and references of units follow the templates;
/// translator comments stay. Running the update twice changes nothing: unchanged entries are
/// written back byte for byte, changed ones in gettext's canonical form.
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
        let entries = catalog.entries.filter { !$0.isHeader }
        // Entries by context; a unit takes at most one, and no entry serves two units.
        var byContext: [String: [Int]] = [:]
        for (i, e) in entries.enumerated() { byContext[e.fields.context ?? "\u{0}", default: []].append(i) }
        var taken = Set<Int>()
        func pick(_ id: String, _ german: String) -> Int? {
            let candidates = (byContext[id] ?? []).filter { !taken.contains($0) }
            let ranks: [(POEntry) -> Bool] = [
                { !$0.fields.isObsolete && $0.fields.id == german }, { $0.fields.isObsolete && $0.fields.id == german },
                { !$0.fields.isObsolete && sameIgnoringWhitespace($0.fields.id, german) },
                { $0.fields.isObsolete && sameIgnoringWhitespace($0.fields.id, german) },
                { !$0.fields.isObsolete && !$0.isPlural && $0.isTranslatedAtAll }, { !$0.fields.isObsolete && !$0.isPlural },
                { !$0.fields.isObsolete }, { _ in true },
            ]
            for rank in ranks { if let i = candidates.first(where: { rank(entries[$0]) }) { return i } }
            return nil
        }

        var out: [POEntry] = catalog.header.map { [$0] } ?? []
        for unit in template.entries where !unit.isHeader {
            let id = unit.fields.context ?? ""
            guard let i = pick(id, unit.fields.id) else {
                var f = POEntry.Fields()
                f.extractedComments = unit.fields.extractedComments
                f.references = unit.fields.references
                f.context = id
                f.id = unit.fields.id
                out.append(POEntry(f))
                continue
            }
            taken.insert(i)
            var entry = entries[i]
            var f = entry.fields
            f.isObsolete = false
            f.extractedComments = unit.fields.extractedComments
            f.references = unit.fields.references
            if f.idPlural != nil {
                // One text from a plural entry, as msgmerge does; the other forms stay readable.
                for (n, form) in f.strings.enumerated().dropFirst() where !form.isEmpty {
                    f.translatorComments.append("msgstr[\(n)] before kimdoc catalog update: \(POWriter.escape(form))")
                }
                f.strings = [f.strings.first ?? ""]
                f.idPlural = nil
                f.previousIDPlural = nil
                if !f.strings[0].isEmpty, !f.flags.contains("fuzzy") {
                    f.flags.append("fuzzy")
                    if f.previousID == nil, f.id != unit.fields.id { f.previousID = f.id }
                }
            }
            let german = unit.fields.id
            let translated = !f.strings.allSatisfy(\.isEmpty)
            if f.id != german {
                if !translated || sameIgnoringWhitespace(f.id, german) {
                    // Nothing to outdate, or only the wrapping changed.
                } else if f.flags.contains("fuzzy"), let previous = f.previousID, sameIgnoringWhitespace(previous, german), entry.fields.idPlural == nil {
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
        // Everything no unit took: kept, as obsolete entries, if it holds a translation.
        for (i, e) in entries.enumerated() where !taken.contains(i) {
            guard e.isTranslatedAtAll || e.fields.isObsolete else { continue }
            var entry = e
            if !entry.fields.isObsolete {
                entry.fields.isObsolete = true
                entry.fields.references = []
            }
            out.append(entry)
        }
        return POFile(entries: out, epilogue: catalog.epilogue, path: catalog.path, lineEnding: catalog.lineEnding)
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

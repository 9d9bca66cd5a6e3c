import Foundation
public import KimCore
import Synchronization

/// A language's translations, ready for lookup while building documents.
///
/// A unit's translation is used only when it is current: translated, not fuzzy, and made for
/// the German text the template has now (whitespace differences aside). Otherwise the German
/// text is used and the fallback reported. `kimdoc build`, `catalog status` and `catalog check`
/// all decide a unit's state through `lookup`, so they agree about what is outdated.
public struct Catalog: Sendable {
    public enum FallbackReason: String, Sendable, Codable {
        /// The unit is not in the catalog (run `kimdoc catalog update`).
        case missing
        case untranslated
        /// The German text changed since the translation was made (or the entry is fuzzy).
        case outdated
        /// The catalog has a gettext plural entry (msgid_plural) for a unit that is one text;
        /// kimdoc's plurals are written inside the text with ICU MessageFormat.
        case plural = "plural entry"
    }

    public enum Lookup: Sendable, Equatable {
        case translated(String, draft: Bool)
        case fallback(FallbackReason)
    }

    public let language: Language
    public let path: String
    /// The file the catalog was read from (the translators' preview edits a copy in memory).
    public let file: POFile
    /// Active entries by unit id (msgctxt); several when entries share a context with other msgids.
    private let entries: [String: [POEntry]]
    /// Translations parsed as MessageFormat, by text: a server lays out the same units again
    /// for every office and request. Catalog texts only, never a value of a document.
    private let parsed: ParsedMessages

    public init(language: Language, file: POFile, path: String) {
        self.language = language
        self.path = path
        self.file = file
        var map: [String: [POEntry]] = [:]
        for e in file.entries where !e.isHeader && !e.fields.isObsolete { map[e.fields.context ?? "", default: []].append(e) }
        entries = map
        parsed = ParsedMessages()
    }

    private init(language: Language, path: String, file: POFile, entries: [String: [POEntry]], parsed: ParsedMessages) {
        self.language = language
        self.path = path
        self.file = file
        self.entries = entries
        self.parsed = parsed
    }

    /// This catalog with one active entry's fields changed, in memory (the translators' preview:
    /// the typed text as the unit's translation), without indexing every entry again; the parsed
    /// messages are shared. Nil if the catalog has no such active entry.
    public func replacing(_ old: POEntry, with fields: POEntry.Fields) -> Catalog? {
        guard let i = file.entries.firstIndex(where: { $0.key == old.key && !$0.isHeader && !$0.fields.isObsolete }) else { return nil }
        var file = self.file
        file.entries[i].fields = fields
        let changed = file.entries[i]
        var map = entries
        let context = old.fields.context ?? ""
        map[context] = (map[context] ?? []).map { $0.key == old.key ? changed : $0 }
        if context != (fields.context ?? "") {
            map[context]?.removeAll { $0.key == changed.key }
            map[fields.context ?? "", default: []].append(changed)
        }
        return Catalog(language: language, path: path, file: file, entries: map, parsed: parsed)
    }

    /// The entry that stands for a unit: of the active entries with the unit's id as context, the
    /// one made for this German text (up to whitespace), else the first that is not a plural
    /// entry, else a plural entry.
    public func entry(id: String, german: String) -> POEntry? {
        guard let candidates = entries[id] else { return nil }
        return candidates.first { !$0.isPlural && sameIgnoringWhitespace($0.fields.id, german) }
            ?? candidates.first { !$0.isPlural } ?? candidates.first
    }

    /// The translation of a unit whose German text is `german`.
    public func lookup(id: String, german: String) -> Lookup {
        guard let e = entry(id: id, german: german) else { return .fallback(.missing) }
        return Self.state(of: e, german: german)
    }

    /// A translation of this catalog parsed as MessageFormat (kept: each text is parsed once).
    public func message(_ text: String) throws(MessageFormatError) -> MessageFormat {
        if let known = parsed.messages.withLock({ $0[text] }) { return known }
        let message: MessageFormat
        do { message = try MessageFormat.parse(text) } catch let e as MessageFormatError { throw e } catch { throw MessageFormatError(offset: 0, message: "\(error)") }
        parsed.messages.withLock { all in
            // Typed texts of the previews pass through here too: the memo stays bounded.
            if all.count >= ParsedMessages.capacity { all.removeAll(keepingCapacity: true) }
            all[text] = message
        }
        return message
    }

    /// A unit's state given its entry.
    public static func state(of e: POEntry, german: String) -> Lookup {
        if e.isPlural { return .fallback(.plural) }
        guard e.isTranslated, let text = e.fields.strings.first else { return .fallback(.untranslated) }
        if e.isFuzzy || !sameIgnoringWhitespace(e.fields.id, german) { return .fallback(.outdated) }
        return .translated(text, draft: DraftMark.isDraft(e))
    }

    /// What a document's output can depend on for these units (`kimdoc build`'s manifest): every
    /// active entry with the unit's id as context, with its German text, translation, fuzzy flag
    /// and draft mark. Other comments and line numbers do not count, so moving or commenting an
    /// entry remakes nothing; with the template's German unchanged, equal fingerprints mean
    /// `lookup` gives the same answers.
    public func fingerprint(units ids: [String]) -> String {
        var f = Fingerprint()
        for id in ids {
            f.add(id)
            let list = entries[id] ?? []
            f.add(list.count)
            for e in list {
                f.add(e.fields.id)
                f.add(e.fields.idPlural ?? "\u{0}")
                f.add(e.fields.strings.count)
                for s in e.fields.strings { f.add(s) }
                f.add((e.isFuzzy ? 1 : 0) + (DraftMark.isDraft(e) ? 2 : 0))
            }
        }
        return f.hex
    }

    /// `file:line` of the unit's translation (its msgstr) for messages; the file alone if the
    /// unit is not in the catalog.
    public func location(id: String, german: String) -> String {
        guard let e = entry(id: id, german: german), e.line > 0 else { return path }
        return "\(path):\(e.msgstrLine())"
    }
}

/// The memo behind `Catalog.message`.
final class ParsedMessages: Sendable {
    static let capacity = 8192
    let messages = Mutex<[String: MessageFormat]>([:])
}

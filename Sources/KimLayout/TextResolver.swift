public import KimCatalog
public import KimCore
public import KimTemplate
import KimUnicode

/// A unit that was printed in German because its translation was missing or outdated.
public struct Fallback: Sendable, Hashable, Codable {
    public let language: Language
    public let unit: String
    public let reason: Catalog.FallbackReason
    /// `file:line` of the unit's msgstr in the catalog, or the catalog file when the unit is not in it.
    public var location: String? = nil
    /// The template's German text of the unit (to find its catalog line again; never client data).
    public var german: String? = nil

    public init(language: Language, unit: String, reason: Catalog.FallbackReason, location: String? = nil, german: String? = nil) {
        self.language = language
        self.unit = unit
        self.reason = reason
        self.location = location
        self.german = german
    }

    /// How `kimdoc build` lists it: `flyer.title (outdated, Translations/ar.po:23)`.
    public var summary: String {
        "\(unit) (\(reason.rawValue)\(location.map { ", \($0)" } ?? "")\(reason == .missing ? "; run `kimdoc catalog update`" : ""))"
    }
}

/// A text ready for the paragraph engine, with the language it is in (German for a fallback).
public struct ResolvedText: Sendable {
    public let text: InlineText
    public let language: Language
    public let isFallback: Bool

    public init(text: InlineText, language: Language, isFallback: Bool) {
        self.text = text
        self.language = language
        self.isFallback = isFallback
    }
}

/// Turns a template's texts into paragraph content for one language: the catalog's translation
/// when it is current, German otherwise (recorded as a fallback), with office data filled in
/// through ICU MessageFormat (plurals by CLDR, numbers in the language's numbering system, values
/// isolated).
public final class TextResolver {
    public let language: Language
    public let catalog: Catalog?
    public let office: OfficeData
    let formatter: MessageFormatter
    let germanFormatter: MessageFormatter
    let values: [String: MessageValue]
    let germanValues: [String: MessageValue]
    /// Fallbacks and draft use so far (a resolver belongs to one document, used on one thread).
    public private(set) var fallbacks: [Fallback] = []
    public private(set) var usedDrafts = false
    /// The ids of the catalog units looked up so far: what the document depends on in its
    /// catalog (`kimdoc build` remakes it when one of them changes).
    public private(set) var usedUnits: Set<String> = []
    /// Every text id resolved so far, in order (repeats included): a block's units are those
    /// resolved while it was laid out (`BlockBox.units`).
    public private(set) var lookups: [String] = []
    let source = Language("de")

    /// `numbers` replace office values by name (`case_managers`: the preview of a plural for
    /// one example number).
    public init(language: Language, numberingSystem: String?, catalog: Catalog?, office: OfficeData, numbers: [String: Double] = [:]) throws {
        self.language = language
        self.catalog = catalog
        self.office = office
        formatter = try MessageFormatter(language: language, numberingSystem: numberingSystem)
        germanFormatter = try MessageFormatter(language: source)
        var values = Self.values(office, in: language), germanValues = Self.values(office, in: source)
        for (name, number) in numbers {
            values[name] = .number(number)
            germanValues[name] = .number(number)
        }
        self.values = values
        self.germanValues = germanValues
    }

    /// The office data as message values, in a language (language names are in that language).
    static func values(_ office: OfficeData, in language: Language) -> [String: MessageValue] {
        var out: [String: MessageValue] = [:]
        for field in OfficeData.fields {
            switch field.kind {
            case .text(let kind): if let v = office.text(field.name) { out[field.name] = .text(v, kind: kind) }
            case .number: out[field.name] = .number(Double(office.caseManagers))
            case .languageList:
                out[field.name] = .list(office.languages.map { LocaleInfo.displayName(of: $0, in: language) })
            }
        }
        return out
    }

    /// Resolves a text; `strict` turns a fallback into an error. `extra` adds values besides the
    /// office data (a footer's page numbers).
    public func resolve(_ ref: TextRef, strict: Bool = false, extra: [String: MessageValue] = [:]) throws -> ResolvedText {
        let values = extra.isEmpty ? self.values : self.values.merging(extra) { $1 }
        let germanValues = extra.isEmpty ? self.germanValues : self.germanValues.merging(extra) { $1 }
        /// The German text; a placeholder without a value is the template's error.
        func german() throws -> InlineText {
            do { return try germanFormatter.format(ref.message, germanValues) } catch let e as MessageValueError {
                throw KimError("\(ref.location): the text \(ref.id) uses {\(e.name)}, which is not a value of this document (\(germanValues.keys.sorted().map { "{\($0)}" }.joined(separator: ", "))); correct the placeholder in the template.")
            }
        }
        lookups.append(ref.id)
        guard language != source, let catalog else {
            return ResolvedText(text: try german(), language: source, isFallback: false)
        }
        usedUnits.insert(ref.id)
        switch catalog.lookup(id: ref.id, german: ref.german) {
        case .translated(let text, let draft):
            let message: MessageFormat
            do { message = try catalog.message(text) } catch let e {
                throw KimError("\(catalog.location(id: ref.id, german: ref.german)): the translation of \(ref.id) has a MessageFormat error at character \(e.offset + 1): \(e.message). Run `kimdoc catalog check \(language.tag)`.")
            }
            if draft { usedDrafts = true }
            do {
                return ResolvedText(text: try formatter.format(message, values), language: language, isFallback: false)
            } catch let e as MessageValueError {
                let where_ = catalog.location(id: ref.id, german: ref.german)
                let known = values.keys.sorted().map { "{\($0)}" }.joined(separator: ", ")
                throw KimError(
                    e.expected == nil
                        ? "\(where_): the translation of \(ref.id) uses {\(e.name)}, which is not a value of this document (\(known)); placeholders stay as in the German text. Run `kimdoc catalog check \(language.tag)`."
                        : "\(where_): the translation of \(ref.id) uses {\(e.name)} as \(e.expected ?? "") but it is not; write it as the German text does. Run `kimdoc catalog check \(language.tag)`.")
            }
        case .fallback(let reason):
            if strict {
                throw KimError("\(catalog.location(id: ref.id, german: ref.german)): \(ref.id) is \(reason.rawValue) in \(language.tag) (--strict allows no German fallback); translate it or run without --strict.")
            }
            let fallback = Fallback(language: language, unit: ref.id, reason: reason, location: catalog.location(id: ref.id, german: ref.german), german: ref.german)
            if !fallbacks.contains(fallback) { fallbacks.append(fallback) }
            return ResolvedText(text: try german(), language: source, isFallback: true)
        }
    }
}

public import KimCatalog
public import KimCore
public import KimTemplate
public import KimText
import Synchronization

/// Lays out a guide to local offers for one office and language: the verb between the offers
/// data and pages (see `GuideWriter` for the stages).
///
/// The guide is A4 portrait: page 1 has the title, an introduction and the table of contents;
/// the offers follow by category in columns (categories in the alphabetical order of their names
/// in the language, offers in the order of their displayed names); the last pages hold an index of
/// every offer under the language's index letters, with page numbers. Every page has a running
/// header (from page 2) and "page X of Y" in the language, numbers in its digits.
public final class DirectoryLayout: Sendable {
    public let paragraphs: ParagraphLayout
    /// Paragraph engines for templates with their own font lists, one per template.
    private let engines: ParagraphEngines

    public init(paragraphs: ParagraphLayout = ParagraphLayout()) {
        self.paragraphs = paragraphs
        engines = ParagraphEngines(base: paragraphs)
    }

    public func layout(
        _ template: DirectoryTemplate, offers: OfferList, office: OfficeData, language: Language, numberingSystem: String?,
        catalog: Catalog?,
        options: DocumentLayout.Options = DocumentLayout.Options()
    ) throws -> LaidOutDocument {
        let writer = try GuideWriter(
            template: template, offers: offers, office: office, language: language, numberingSystem: numberingSystem,
            catalog: catalog,
            paragraphs: paragraphs(for: template), options: options)
        return try writer.document()
    }

    /// The paragraph engine with the template's font lists, if it has its own.
    func paragraphs(for template: DirectoryTemplate) -> ParagraphLayout {
        engines.engine(template: template.id, fonts: template.fonts)
    }
}

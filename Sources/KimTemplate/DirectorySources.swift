public import Foundation
public import KimCatalog
import KimCore

/// Everything a guide to local offers is made from: the directory templates in
/// `Templates/directory/` and the offers of each office in `Templates/offers/` (YAML or CSV),
/// checked against each other (every offer's category must be a category of the templates).
public struct DirectorySources: Sendable {
    public let templates: [DirectoryTemplate]
    /// Offers by office id.
    public let offers: [String: OfferList]

    public init(templates: [DirectoryTemplate], offers: [OfferList]) {
        self.templates = templates
        self.offers = Dictionary(uniqueKeysWithValues: offers.map { ($0.office, $0) })
    }

    /// Reads the templates and offers of a project; none when the folders do not exist.
    public static func load(root: URL) throws -> DirectorySources {
        let templates = try loadTemplates(root: root)
        return DirectorySources(templates: templates, offers: try loadOffers(root: root, templates: templates))
    }

    /// The directory templates alone (cheap; the offers are the bulk of the data).
    public static func loadTemplates(root: URL) throws -> [DirectoryTemplate] {
        try DirectoryTemplate.loadAll(in: root.appendingPathComponent("Templates/directory"), root: root)
    }

    /// The offers of every office, checked against the templates' categories; none without templates.
    public static func loadOffers(root: URL, templates: [DirectoryTemplate]) throws -> [OfferList] {
        guard !templates.isEmpty else { return [] }
        let categories = Set(templates.flatMap { $0.categories.map(\.key) })
        return try OfferList.loadAll(in: root.appendingPathComponent("Templates/offers"), root: root, categories: categories)
    }

    /// The catalog units: the templates' texts, then every offer's description, by office.
    public func sourceUnits() -> [SourceUnit] {
        guard let first = templates.first else { return [] }
        var names: [String: String] = [:]
        for t in templates { for c in t.categories where names[c.key] == nil { names[c.key] = c.name.german } }
        let units = templates.flatMap { $0.sourceUnits() }
        return units
            + offers.keys.sorted().flatMap { office in
                offers[office].map {
                    $0.sourceUnits(categoryNames: names, width: first.columnWidth, size: first.style("body").size)
                } ?? []
            }
    }
}

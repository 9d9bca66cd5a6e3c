public import Foundation
public import KimCatalog
public import KimCore
import KimForm
public import KimLayout
import KimRender
import KimTemplate

/// A translation as it would print, before it is saved: the first document that uses the unit,
/// laid out for one office with the text in place of the catalog's (as a current, reviewed
/// translation), its pages as small PNGs and whether anything overflows, by how many millimetres.
extension DocumentBuild {
    public struct Preview: Sendable {
        /// The template, form or guide shown.
        public let document: String
        public let office: String
        /// The pages as PNG (at most three).
        public let pages: [Data]
        public let overflows: [Overflow]
    }

    public func preview(_ text: String, unit id: String, language: ProjectLanguages.Entry, office: String?, catalogs: CatalogSet, dpi: Double = 40) throws -> Preview {
        // The first flyer template, then form, that uses the unit (guides: their flyer-like units only).
        let document: String
        if let t = templates.first(where: { $0.sourceUnits().contains { $0.id == id } }) {
            document = t.id
        } else if let f = forms.first(where: { $0.sourceUnits().contains { $0.id == id } }) {
            document = f.id
        } else {
            throw KimError("\(id) is used by no flyer or form, so there is nothing to preview (guides are not previewed yet).")
        }
        guard let officeID = office ?? offices.first?.id else { throw KimError("no office data in Templates/offices/.") }
        var o = Options()
        o.templates = [document]
        o.offices = [officeID]
        o.languages = [language.tag]
        guard let job = try jobs(o).first else { throw KimError("no document \(document) for \(officeID).") }
        // The catalog with the text as the unit's current, reviewed translation.
        var file = try project.readCatalog(language.tag)
        let german = try project.readTemplate().entries.first { !$0.isHeader && $0.fields.context == id }?.fields.id ?? ""
        let lookup = Catalog(language: language.tag, file: file, path: "")
        if let entry = lookup.entry(id: id, german: german), let i = file.entries.firstIndex(where: { $0.key == entry.key && !$0.fields.isObsolete }) {
            file.entries[i].fields.strings = [text]
            file.entries[i].fields.id = german
            file.entries[i].fields.flags.removeAll { $0 == "fuzzy" }
            file.entries[i].fields.translatorComments.removeAll { $0.lowercased().hasPrefix("draft") }
        }
        var previewCatalogs = catalogs
        previewCatalogs.catalogs[language.tag] = Catalog(language: language.tag, file: file, path: project.display(project.catalogFile(language.tag)))
        previewCatalogs.failures[language.tag] = nil
        var options = DocumentLayout.Options()
        options.draftNotice = false
        let doc = try layOut(job, catalogs: previewCatalogs, options: options)
        let renderer = CairoRenderer()
        return Preview(document: document, office: officeID, pages: try doc.pages.prefix(3).map { try renderer.png($0, dpi: dpi) }, overflows: doc.overflows)
    }
}

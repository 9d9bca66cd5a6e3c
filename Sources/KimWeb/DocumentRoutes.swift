import Foundation
import Hummingbird
import KimCore
import KimDoc

/// Documents for staff (and translators, who check whether their text fits): per template every
/// office × language with a thumbnail and badges, one document's pages, its PDF (also for print
/// shops) and all languages as ZIP.
extension WebApp {
    func addDocumentRoutes(_ router: Router<WebContext>) {
        let group = router.group("documents")

        group.get(":template") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            let template = context.parameters.get("template") ?? ""
            return page(context) {
                let snapshot = try documents.project.snapshot()
                var o = DocumentBuild.Options()
                o.templates = [template]
                let jobs = try snapshot.build.jobs(o)
                var offices: [[String: Any]] = []
                for office in snapshot.build.offices {
                    let cards = try jobs.filter { $0.office.id == office.id }.map { job -> [String: Any] in
                        let key = DocumentService.Key(template: template, office: office.id, language: job.language.tag.tag)
                        let s = try documents.summary(key)
                        let label = LanguageLabel(job.language)
                        return [
                            "language": label.dictionary, "href": "/documents/\(template)/\(office.id)/\(label.tag)",
                            "thumb": "/documents/\(template)/\(office.id)/\(label.tag)/thumb.png", "alt": "Erste Seite, \(label.tag)",
                            "draft": s.drafts, "fallbacks": s.fallbacks.count, "hasFallbacks": !s.fallbacks.isEmpty, "overflow": !s.overflows.isEmpty,
                            "pages": s.pages,
                        ]
                    }
                    if !cards.isEmpty { offices.append(["id": office.id, "name": office.name, "cards": cards, "zip": "/documents/\(template)/\(office.id)/all.zip"]) }
                }
                let name = title(of: template, in: snapshot)
                return pages.render("documents", ["title": name, "heading": name, "template": template, "offices": offices], context: context)
            }
        }

        group.get(":template/:office/:lang") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            let key = try self.key(context)
            return page(context) {
                let snapshot = try documents.project.snapshot()
                let job = try documents.job(key, in: snapshot)
                let s = try documents.summary(key)
                let base = "/documents/\(key.template)/\(key.office)/\(key.language)"
                let label = LanguageLabel(job.language)
                return pages.render(
                    "document",
                    [
                        "title": "\(title(of: key.template, in: snapshot)): \(job.office.name)", "heading": title(of: key.template, in: snapshot),
                        "template": key.template, "office": job.office.name, "language": label.dictionary,
                        "pdf": "\(base)/document.pdf", "printPDF": "\(base)/print.pdf", "zip": "/documents/\(key.template)/\(key.office)/all.zip",
                        "pages": (1...max(1, s.pages)).map { ["src": "\(base)/page-\($0).png", "number": $0] },
                        "overflows": s.overflows, "hasOverflows": !s.overflows.isEmpty, "draft": s.drafts,
                        "fallbacks": s.fallbacks.map(\.summary), "hasFallbacks": !s.fallbacks.isEmpty,
                        "back": "/documents/\(key.template)",
                    ], context: context)
            }
        }

        group.get(":template/:office/:lang/document.pdf") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            let key = try self.key(context)
            return await rendering(context) { .file(try documents.pdf(key), type: "application/pdf", name: "\(key.template)-\(key.office)-\(key.language).pdf") }
        }

        group.get(":template/:office/:lang/print.pdf") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            var key = try self.key(context)
            key.printShop = true
            return await rendering(context) { .file(try documents.pdf(key), type: "application/pdf", name: "\(key.template)-\(key.office)-\(key.language)-druckerei.pdf") }
        }

        group.get(":template/:office/:lang/thumb.png") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            let key = try self.key(context)
            return await rendering(context) { .file(try documents.png(key, page: 1, dpi: 24), type: "image/png", cache: "private, max-age=60") }
        }

        group.get(":template/:office/:lang/:page") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            let key = try self.key(context)
            let name = context.parameters.get("page") ?? ""
            guard name.hasPrefix("page-"), name.hasSuffix(".png"), let n = Int(name.dropFirst(5).dropLast(4)), n >= 1, n <= 1000 else {
                throw HTTPError(.notFound)
            }
            return await rendering(context) { .file(try documents.png(key, page: n, dpi: 80), type: "image/png", cache: "private, max-age=60") }
        }

        group.get(":template/:office/all.zip") { _, context -> Response in
            _ = try require(context, .staff, .translator)
            let template = context.parameters.get("template") ?? "", office = context.parameters.get("office") ?? ""
            return await rendering(context) { .file(try documents.zip(template: template, office: office), type: "application/zip", name: "\(template)-\(office).zip") }
        }
    }

    /// A template's, form's or guide's German title.
    func title(of id: String, in snapshot: ProjectState.Snapshot) -> String {
        let b = snapshot.build
        return b.templates.first { $0.id == id }?.title.german ?? b.forms.first { $0.id == id }?.title.german
            ?? b.directoryTemplates.first { $0.id == id }?.title.german ?? id
    }

    /// The document a route names; the ids are checked by the build (unknown ones: its message, 422).
    func key(_ context: WebContext) throws -> DocumentService.Key {
        let parts = ["template", "office", "lang"].map { context.parameters.get($0) ?? "" }
        // Ids are SimpleIDs and language tags: letters, digits and '-'. Anything else is no document.
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 64 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else {
            throw HTTPError(.notFound)
        }
        return DocumentService.Key(template: parts[0], office: parts[1], language: parts[2])
    }
}

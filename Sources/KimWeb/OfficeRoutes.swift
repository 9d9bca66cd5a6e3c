import Foundation
import Hummingbird
import KimCore
import KimTemplate

/// Office data for staff: contact data, opening hours, case managers, languages, authority and
/// imprint in a web form. The edit is checked by `OfficeData`'s own rules (the YAML the form
/// makes is read exactly as a hand-edited file is) and written atomically; if the file changed on
/// disk since the page was opened, nothing is written and the page says so.
extension WebApp {
    func addOfficeRoutes(_ router: Router<WebContext>) {
        let group = router.group("offices")

        group.get("") { _, context -> Response in
            _ = try require(context, .staff)
            return page(context) {
                let snapshot = try documents.project.snapshot()
                return pages.render("offices", ["title": "Büros", "offices": snapshot.build.offices.map { ["id": $0.id, "name": $0.name] }], context: context)
            }
        }

        group.get(":office") { request, context -> Response in
            _ = try require(context, .staff)
            return page(context) {
                let (office, file) = try officeFile(context)
                let text = try Data(contentsOf: file)
                return officePage(OfficeForm(office), version: Self.version(text), context: context, saved: request.uri.queryParameters["gespeichert"] != nil)
            }
        }

        group.post(":office") { request, context -> Response in
            _ = try require(context, .staff)
            let body = try await form(request, limit: 256 << 10)
            try checkCSRF(body, context)
            return page(context) {
                let (office, file) = try officeFile(context)
                var edit = OfficeForm(id: office.id, values: [:])
                for field in OfficeForm.fields { edit.values[field.key] = body[field.key] ?? "" }
                let current = try Data(contentsOf: file)
                guard Self.version(current) == body["version"] else {
                    return officePage(
                        edit, version: body["version"] ?? "", context: context, status: .conflict,
                        problem: (nil, "Die Datei \(office.path) wurde geändert, seit Sie diese Seite geöffnet haben (in einem anderen Fenster oder von jemand anderem). Es wurde nichts gespeichert. Laden Sie die Seite neu, um den aktuellen Stand zu sehen; Ihre Eingaben stehen unten, um sie zu übernehmen."))
                }
                let (yaml, lines) = edit.yaml(keepingHeaderOf: String(decoding: current, as: UTF8.self))
                do {
                    _ = try OfficeData.load(text: yaml, url: file, root: documents.project.root)
                } catch let e as TemplateError {
                    return officePage(edit, version: body["version"] ?? "", context: context, status: .unprocessableContent, problem: (lines[e.location.line], e.message))
                }
                try AtomicFile.write(Data(yaml.utf8), to: file)
                return .redirect("/offices/\(office.id)?gespeichert=1")
            }
        }
    }

    /// The office a route names and its file, inside the project's `Templates/offices/`.
    func officeFile(_ context: WebContext) throws -> (OfficeData, URL) {
        let id = context.parameters.get("office") ?? ""
        let snapshot = try documents.project.snapshot()
        guard let office = snapshot.build.offices.first(where: { $0.id == id }) else { throw DocumentService.NotFound() }
        let folder = documents.project.root.appendingPathComponent("Templates/offices").standardizedFileURL
        let file = documents.project.root.appendingPathComponent(office.path).standardizedFileURL
        guard file.deletingLastPathComponent().path == folder.path else { throw DocumentService.NotFound() }
        return (office, file)
    }

    func officePage(
        _ edit: OfficeForm, version: String, context: WebContext, status: HTTPResponse.Status = .ok, problem: (field: String?, message: String)? = nil,
        saved: Bool = false
    ) -> Response {
        let fields = OfficeForm.fields.map { f -> [String: Any] in
            var d: [String: Any] = [
                "key": f.key, "label": f.label, "hint": f.hint, "value": edit.values[f.key] ?? "", "multiline": f.multiline,
                "domID": "o-" + f.key.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-"), "problem": false,
            ]
            if let problem, problem.field == f.key { d["problem"] = problem.message }
            return d
        }
        var data: [String: Any] = ["title": "Büro \(edit.id)", "id": edit.id, "version": version, "fields": fields, "saved": saved]
        if let problem, problem.field == nil || !OfficeForm.fields.contains(where: { $0.key == problem.field }) { data["error"] = problem.message }
        return pages.render("office", data, context: context, status: status)
    }

    /// A version of a file's content: the page sends it back with the edit.
    static func version(_ data: Data) -> String { Fingerprint.of(data) }
}

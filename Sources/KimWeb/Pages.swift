import Foundation
import Hummingbird
import KimCore
import Mustache

/// The HTML pages: Mustache files in `Pages/` (escaping on), rendered with a page's data. The
/// interface is German; every page has the same head and foot (`head.mustache`, `foot.mustache`).
struct Pages: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Pages {
        guard let folder = Bundle.module.url(forResource: "Pages", withExtension: nil) else {
            throw KimError("the web app's page templates are missing next to the kimdoc binary (kimdoc_KimWeb.resources); build kimdoc with `swift build` again.")
        }
        return Pages(library: try await MustacheLibrary(directory: folder.path))
    }

    /// A page as a response; `page` names the template, `data` fills it (with the user, the CSRF
    /// token and the title added).
    func render(_ page: String, _ data: [String: Any], context: WebContext, status: HTTPResponse.Status = .ok) -> Response {
        var all = data
        if let user = context.user {
            all["user"] = ["name": user.name, "role": user.role.germanName]
            all["mayDocuments"] = user.may(.staff, .translator)
            all["mayForms"] = user.may(.caseManager, .staff)
            all["mayOffices"] = user.may(.staff)
            all["mayTranslations"] = user.may(.translator)
        }
        if let csrf = context.csrf { all["csrf"] = csrf }
        let html = library.render(all, withTemplate: page) ?? "<!doctype html><title>kimdoc</title><p>Die Seite \(page) fehlt.</p>"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Static files of the interface (style sheet, script), from the binary's resources. Only the
/// files listed here are served: no path from a request is ever used to open a file.
enum StaticFiles {
    static let files: [String: String] = ["app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"]

    static func response(_ name: String) -> Response? {
        guard let type = files[name], let url = Bundle.module.url(forResource: "Static/\(name)", withExtension: nil) ?? Bundle.module.resourceURL?.appendingPathComponent("Static/\(name)"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

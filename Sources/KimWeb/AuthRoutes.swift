import Foundation
import Hummingbird

/// Signing in and out. The login form carries a token that must match a cookie set with the
/// form (so no other site can sign a browser in); failed logins slow down further attempts.
extension WebApp {
    func addAuthRoutes(_ router: Router<WebContext>) {
        router.get("/login") { _, context -> Response in
            if context.user != nil { return .redirect("/") }
            let token = SessionStore.randomToken()
            var response = pages.render("login", ["title": "Anmelden", "loginToken": token, "noUsers": users.isEmpty], context: context)
            response.setCookie(cookie(Self.loginCookie, token, maxAge: 3600))
            return response
        }

        router.post("/login") { request, context -> Response in
            let form = try await form(request, limit: 16 << 10)
            guard let expected = request.cookies[Self.loginCookie]?.value, let given = form["loginToken"], Self.constantTimeEqual(expected, given) else {
                throw HTTPError(.forbidden, message: "Das Anmeldeformular ist abgelaufen; laden Sie die Seite neu.")
            }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = form["password"] ?? ""
            let wait = throttle.delay(for: name)
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            guard !name.isEmpty, let user = try users.authenticate(name: name, password: password) else {
                throttle.failed(name)
                let token = SessionStore.randomToken()
                var response = pages.render(
                    "login", ["title": "Anmelden", "loginToken": token, "error": "Name oder Passwort stimmt nicht.", "name": name, "noUsers": users.isEmpty],
                    context: context, status: .unauthorized)
                response.setCookie(cookie(Self.loginCookie, token, maxAge: 3600))
                return response
            }
            throttle.succeeded(name)
            var response = Response.redirect("/")
            response.setCookie(cookie(Self.sessionCookie, sessions.open(userID: user.id)))
            response.setCookie(cookie(Self.loginCookie, "", maxAge: 0))
            return response
        }

        router.post("/logout") { request, context -> Response in
            let form = try await form(request, limit: 16 << 10)
            try checkCSRF(form, context)
            if let token = context.sessionToken { sessions.close(token) }
            var response = Response.redirect("/login")
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
            return response
        }

        router.get("/") { _, context -> Response in
            let user = try require(context, .admin, .staff, .caseManager, .translator)
            return page(context) {
                let snapshot = try documents.project.snapshot()
                let build = snapshot.build
                var templates: [[String: Any]] = build.templates.map { ["id": $0.id, "title": $0.title.german, "kind": "Faltblatt"] }
                templates += build.forms.map { ["id": $0.id, "title": $0.title.german, "kind": "Formular, leer"] }
                templates += build.directoryTemplates.map { ["id": $0.id, "title": $0.title.german, "kind": "Wegweiser zu Angeboten vor Ort"] }
                return pages.render(
                    "home",
                    [
                        "title": "Übersicht", "templates": templates, "forms": snapshot.forms.forms.map { ["id": $0.id, "title": $0.title.german] },
                        "showDocuments": user.may(.staff, .translator), "showForms": user.may(.caseManager, .staff),
                    ], context: context)
            }
        }
    }
}

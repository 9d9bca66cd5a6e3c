import Foundation
import Hummingbird
import HummingbirdTesting
import KimCore
import KimTestSupport
import KimDoc
import KimForm
import KimTemplate
import KimWeb
import Testing

/// A web app over a copy of the project, with its own user database (bcrypt at cost 4, no login
/// delay) and its request log collected.
final class TestWeb: Sendable {
    let app: WebApp
    let root: URL
    let logLines = LogLines()

    final class LogLines: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ s: String) { lines.withLock { $0.append(s) } }
        var all: [String] { lines.withLock { $0 } }
    }

    init(root: URL) async throws {
        self.root = root
        var options = WebApp.Options(root: root)
        options.database = root.appendingPathComponent("var/test.sqlite")
        options.bcryptCost = 4
        options.loginDelay = 0
        let lines = logLines
        options.log = { lines.add($0) }
        app = try await WebApp(options: options)
        let users = try UserStore(file: options.database, cost: 4)
        for (name, role) in [("anna", Role.admin), ("stefan", .staff), ("cem", .caseManager), ("tanja", .translator)] {
            try users.add(name: name, role: role, password: "richtig-langes-passwort")
        }
    }
}

import Synchronization

/// A signed-in browser: its cookies and the CSRF token of the last page.
struct Browser {
    var cookies: [String: String] = [:]

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    mutating func take(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let (name, v) = (String(pair[0]), String(pair[1]))
            if v.isEmpty { cookies[name] = nil } else { cookies[name] = v }
        }
    }
}

/// The value of a hidden input in a page.
func hidden(_ name: String, in html: String) -> String? {
    guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[r.upperBound...].prefix { $0 != "\"" })
}

func body(_ fields: [(String, String)]) -> ByteBuffer {
    ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
}

let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

extension TestClientProtocol {
    /// Signs in; returns the browser with its session cookie.
    func signIn(_ name: String, password: String = "richtig-langes-passwort") async throws -> Browser {
        var browser = Browser()
        let page = try await execute(uri: "/login", method: .get)
        browser.take(page)
        let token = try #require(hidden("loginToken", in: String(buffer: page.body)))
        let response = try await execute(
            uri: "/login", method: .post, headers: formType + browser.cookieHeader, body: body([("loginToken", token), ("name", name), ("password", password)]))
        #expect(response.status == .seeOther)
        browser.take(response)
        return browser
    }
}

extension TestClientProtocol {
    /// The CSRF token of the page at `uri`, as `browser` is shown it.
    func csrf(_ uri: String, as browser: Browser) async throws -> String {
        let page = String(buffer: try await execute(uri: uri, method: .get, headers: browser.cookieHeader).body)
        return try #require(hidden("csrf", in: page))
    }

    /// A translator's preview of `text` as unit `unit` in `language`, with `more` form fields.
    func preview(_ language: String, _ unit: String, text: String, csrf: String, as browser: Browser, _ more: [(String, String)] = []) async throws -> TestResponse {
        try await execute(
            uri: "/translations/\(language)/\(unit)/preview", method: .post, headers: formType + browser.cookieHeader,
            body: body([("csrf", csrf), ("text", text)] + more))
    }
}

func + (a: HTTPFields, b: HTTPFields) -> HTTPFields {
    var out = a
    out.append(contentsOf: b)
    return out
}

@Suite("Web app: routes, roles and refusals (no network)")
struct WebRouteTests {
    func withWeb(_ body: @Sendable (TestWeb, any TestClientProtocol) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-web-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for folder in ["Templates", "Translations"] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        let web = try await TestWeb(root: dir)
        let app = Application(router: web.app.router())
        try await app.test(.router) { client in try await body(web, client) }
    }

    @Test("without a session every page leads to the login; the login page has the headers of every page")
    func loginRequired() async throws {
        try await withWeb { _, client in
            for uri in ["/", "/documents/kim-flyer-a4", "/documents/kim-flyer-a4/musterstadt/ar/document.pdf", "/documents/kim-flyer-a4/musterstadt/all.zip"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .seeOther, "\(uri)")
                #expect(r.headers[.location] == "/login", "\(uri)")
            }
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.status == .ok)
            #expect(login.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(login.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
            #expect(login.headers[.xContentTypeOptions] == "nosniff")
            #expect(login.headers[.cacheControl] == "no-store")
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("kimdoc_login=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(String(buffer: login.body).contains("<html lang=\"de\">"))
        }
    }

    @Test("a login needs the token of the login form, the right password, and sets an HttpOnly SameSite=Strict session cookie")
    func login() async throws {
        try await withWeb { web, client in
            // No token: refused.
            let forged = try await client.execute(uri: "/login", method: .post, headers: formType, body: body([("name", "anna"), ("password", "richtig-langes-passwort")]))
            #expect(forged.status == .forbidden)
            // Wrong password: 401, the page says so, no session.
            var browser = Browser()
            let page = try await client.execute(uri: "/login", method: .get)
            browser.take(page)
            let token = try #require(hidden("loginToken", in: String(buffer: page.body)))
            let wrong = try await client.execute(
                uri: "/login", method: .post, headers: formType + browser.cookieHeader, body: body([("loginToken", token), ("name", "anna"), ("password", "falsch-falsch-falsch")]))
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("Name oder Passwort stimmt nicht."))
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("kimdoc_session=") })
            // Right password: a session cookie.
            let signedIn = try await client.signIn("anna")
            #expect(signedIn.cookies["kimdoc_session"] != nil)
            let home = try await client.execute(uri: "/", method: .get, headers: signedIn.cookieHeader)
            #expect(home.status == .ok)
            #expect(String(buffer: home.body).contains("anna (Administration)"))
            // The log names route, status and user id, never the password or the name typed.
            #expect(web.logLines.all.contains { $0.hasPrefix("POST /login 401 ") })
            #expect(!web.logLines.all.contains { $0.contains("falsch") || $0.contains("richtig-langes") })
        }
    }

    @Test("the document cache is keyed by each document's inputs: another language's catalog edited, the Arabic flyer is not rendered again; one of its own units edited, it is")
    func cacheByContent() async throws {
        try await withWeb { web, client in
            let browser = try await client.signIn("stefan")
            let uri = "/documents/kim-flyer-a4/musterstadt/ar/document.pdf"
            func pdf() async throws -> [UInt8] {
                Array(try await client.execute(uri: uri, method: .get, headers: browser.cookieHeader).body.readableBytesView)
            }
            let first = try await pdf()
            #expect(first.starts(with: Array("%PDF-".utf8)))
            // After the reload (checked once a second) the same bytes: a new rendering would carry
            // a later creation date (unless SOURCE_DATE_EPOCH fixes it).
            let fa = web.root.appendingPathComponent("Translations/fa.po")
            try (try String(contentsOf: fa, encoding: .utf8) + "\n# a note\n").write(to: fa, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(2100))
            #expect(try await pdf() == first)
            let ar = web.root.appendingPathComponent("Translations/ar.po")
            var text = try String(contentsOf: ar, encoding: .utf8)
            let entry = try #require(text.range(of: "msgctxt \"flyer.audience.text\""))
            let msgstr = try #require(text.range(of: "msgstr \"", range: entry.upperBound..<text.endIndex))
            text.insert("\u{0640}", at: msgstr.upperBound)
            try text.write(to: ar, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await pdf() != first)
        }
    }

    @Test("roles: case managers may not see the documents pages, translators and staff may")
    func roles() async throws {
        try await withWeb { _, client in
            for (name, status) in [("cem", HTTPResponse.Status.forbidden), ("stefan", .ok), ("tanja", .ok), ("anna", .ok)] {
                let browser = try await client.signIn(name)
                let r = try await client.execute(uri: "/documents/kim-flyer-a4/musterstadt/ar", method: .get, headers: browser.cookieHeader)
                #expect(r.status == status, "\(name)")
            }
        }
    }

    @Test("documents: the grid has a card per office and language, a document its pages, PDF and ZIP downloads")
    func documents() async throws {
        try await withWeb { _, client in
            let browser = try await client.signIn("stefan")
            let grid = try await client.execute(uri: "/documents/kim-flyer-a4", method: .get, headers: browser.cookieHeader)
            #expect(grid.status == .ok)
            let html = String(buffer: grid.body)
            #expect(html.contains("lang=\"ar\" dir=\"rtl\">العربية</span>"))
            #expect(html.contains("lang=\"ti\" dir=\"ltr\">ትግርኛ</span>"))
            #expect(html.components(separatedBy: "class=\"card\"").count - 1 == 18)
            #expect(html.contains("Entwurf"))
            let pdf = try await client.execute(uri: "/documents/kim-flyer-a4/musterstadt/ar/document.pdf", method: .get, headers: browser.cookieHeader)
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-"))
            let thumb = try await client.execute(uri: "/documents/kim-flyer-a4/musterstadt/ar/thumb.png", method: .get, headers: browser.cookieHeader)
            #expect(thumb.status == .ok && thumb.headers[.contentType] == "image/png")
            #expect(Array(thumb.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            let zip = try await client.execute(uri: "/documents/kim-flyer-a4/musterstadt/all.zip", method: .get, headers: browser.cookieHeader)
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            try withTemporaryFolder { dir in
                let file = dir.appendingPathComponent("all.zip")
                try Data(zip.body.readableBytesView).write(to: file)
                let list = try runTool("unzip", ["-Z1", file.path])
                #expect(list.status == 0)
                #expect(list.output.split(separator: "\n").count == 9)
                #expect(list.output.contains("kim-flyer-a4/musterstadt-ar.pdf"))
                #expect(try runTool("unzip", ["-tq", file.path]).status == 0)
            }
        }
    }

    @Test("unknown ids give the build's located message; ids outside letters, digits and '-' are no document")
    func unknownIDs() async throws {
        try await withWeb { _, client in
            let browser = try await client.signIn("stefan")
            let office = try await client.execute(uri: "/documents/kim-flyer-a4/nirgendwo/ar", method: .get, headers: browser.cookieHeader)
            #expect(office.status == .unprocessableContent)
            #expect(String(buffer: office.body).contains("no office &#39;nirgendwo&#39;; there are: ") || String(buffer: office.body).contains("no office 'nirgendwo'; there are: "))
            let traversal = try await client.execute(uri: "/documents/kim-flyer-a4/..%2F..%2Fetc/ar/document.pdf", method: .get, headers: browser.cookieHeader)
            #expect(traversal.status == .notFound)
            let page = try await client.execute(uri: "/documents/kim-flyer-a4/musterstadt/ar/page-99.png", method: .get, headers: browser.cookieHeader)
            #expect(page.status == .notFound)
        }
    }

    @Test("logout needs the CSRF token and ends the session")
    func logout() async throws {
        try await withWeb { _, client in
            var browser = try await client.signIn("stefan")
            let home = try await client.execute(uri: "/", method: .get, headers: browser.cookieHeader)
            let csrf = try #require(hidden("csrf", in: String(buffer: home.body)))
            let forged = try await client.execute(uri: "/logout", method: .post, headers: formType + browser.cookieHeader, body: body([("csrf", "falsch")]))
            #expect(forged.status == .forbidden)
            let out = try await client.execute(uri: "/logout", method: .post, headers: formType + browser.cookieHeader, body: body([("csrf", csrf)]))
            #expect(out.status == .seeOther)
            let old = browser.cookieHeader
            browser.take(out)
            let after = try await client.execute(uri: "/", method: .get, headers: old)
            #expect(after.status == .seeOther)
        }
    }

    @Test("a body larger than the limit is refused with 413 before it is read")
    func tooLarge() async throws {
        try await withWeb { _, client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 11 << 20)
            let r = try await client.execute(uri: "/login", method: .post, headers: formType + [.contentLength: String(big.readableBytes)], body: big)
            #expect(r.status == .contentTooLarge)
        }
    }
}

@Suite("Web app: office data")
struct OfficeRouteTests {
    let route = WebRouteTests()

    /// The office form's fields as a browser would post them, with some changed.
    func post(_ html: String, changes: [String: String]) -> [(String, String)] {
        var out: [(String, String)] = [("csrf", hidden("csrf", in: html) ?? ""), ("version", hidden("version", in: html) ?? "")]
        for field in OfficeForm.fields {
            let value: String
            if let changed = changes[field.key] {
                value = changed
            } else if field.multiline, let r = html.range(of: "name=\"\(field.key)\" rows=\"5\""), let start = html[r.upperBound...].range(of: ">"),
                let end = html[start.upperBound...].range(of: "</textarea>")
            {
                value = String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            } else if let r = html.range(of: "name=\"\(field.key)\" type=\"text\" value=\"") {
                value = String(html[r.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            } else {
                value = ""
            }
            out.append((field.key, value))
        }
        return out
    }

    @Test("staff edit an office: saved atomically and read by OfficeData's rules; a wrong e-mail is refused at its field; a stale page is refused")
    func edit() async throws {
        try await route.withWeb { web, client in
            let file = web.root.appendingPathComponent("Templates/offices/musterstadt.yaml")
            let original = try String(contentsOf: file, encoding: .utf8)
            let browser = try await client.signIn("stefan")
            let page = try await client.execute(uri: "/offices/musterstadt", method: .get, headers: browser.cookieHeader)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("value=\"Beispielweg 12\""))
            // A wrong e-mail: 422, the message at the e-mail field, nothing written.
            let bad = try await client.execute(
                uri: "/offices/musterstadt", method: .post, headers: formType + browser.cookieHeader, body: body(post(html, changes: ["email": "kein-mail"])))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("id=\"o-email-problem\" role=\"alert\">&#39;kein-mail&#39; is not an e-mail address") || String(buffer: bad.body).contains("id=\"o-email-problem\" role=\"alert\">'kein-mail' is not an e-mail address"))
            #expect(try String(contentsOf: file, encoding: .utf8) == original)
            // A right-to-left override in the e-mail (printed reversed, issue 19): 422 at the e-mail field.
            let reversed = try await client.execute(
                uri: "/offices/musterstadt", method: .post, headers: formType + browser.cookieHeader,
                body: body(post(html, changes: ["email": "kim@muster\u{202E}stadt.example"])))
            #expect(reversed.status == .unprocessableContent)
            #expect(String(buffer: reversed.body).contains(
                "id=\"o-email-problem\" role=\"alert\">the e-mail address holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE) that would change how it is printed or linked; remove it"),
                "\(String(buffer: reversed.body))")
            #expect(try String(contentsOf: file, encoding: .utf8) == original)
            // A good edit: saved, the header comments kept, the documents use it.
            let good = try await client.execute(
                uri: "/offices/musterstadt", method: .post, headers: formType + browser.cookieHeader,
                body: body(post(html, changes: ["phone": "+49 221 4710-999", "hours.saturday": "10:00-12:00"])))
            #expect(good.status == .seeOther)
            let saved = try String(contentsOf: file, encoding: .utf8)
            #expect(saved.hasPrefix("# A fictional office."))
            let office = try OfficeData.load(file, root: web.root)
            #expect(office.phone == "+49 221 4710-999")
            #expect(office.hours.map(\.day) == [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday])
            #expect(office.imprint.count == 4 && office.authority?.email == "auslaenderbehoerde@musterstadt.example")
            // The same page posted again is stale now: 409, nothing written.
            let stale = try await client.execute(
                uri: "/offices/musterstadt", method: .post, headers: formType + browser.cookieHeader, body: body(post(html, changes: ["phone": "+49 221 4710-000"])))
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("wurde geändert, seit Sie diese Seite geöffnet haben"))
            #expect(try String(contentsOf: file, encoding: .utf8) == saved)
            // Case managers may not edit offices; no CSRF token, no save.
            let cem = try await client.signIn("cem")
            #expect(try await client.execute(uri: "/offices/musterstadt", method: .get, headers: cem.cookieHeader).status == .forbidden)
            let noToken = try await client.execute(uri: "/offices/musterstadt", method: .post, headers: formType + browser.cookieHeader, body: body([("phone", "1")]))
            #expect(noToken.status == .forbidden)
        }
    }
}

@Suite("Web app: CSV batches of forms")
struct BatchRouteTests {
    let route = WebRouteTests()

    func multipart(_ fields: [(String, String)], file: String) -> (HTTPFields, ByteBuffer) {
        let boundary = "kimdocTestBoundary7MA4YWxk"
        var text = ""
        for (name, value) in fields { text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"klienten.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(string: text))
    }

    @Test("a CSV upload gives a ZIP of one PDF per row; one bad row gives the list of rows and fields and no ZIP")
    func batch() async throws {
        try await route.withWeb { web, client in
            let browser = try await client.signIn("cem")
            let page = try await client.execute(uri: "/forms/eat/uk", method: .get, headers: browser.cookieHeader)
            let csrf = try #require(hidden("csrf", in: String(buffer: page.body)))
            let good = FictionalClients.csv(count: 3)
            let (headers, body) = multipart([("csrf", csrf), ("office", "musterstadt")], file: good)
            let zip = try await client.execute(uri: "/forms/eat/uk/batch", method: .post, headers: headers + browser.cookieHeader, body: body)
            #expect(zip.status == .ok)
            #expect(zip.headers[.contentType] == "application/zip" && zip.headers[.cacheControl] == "no-store")
            try withTemporaryFolder { dir in
                let file = dir.appendingPathComponent("batch.zip")
                try Data(zip.body.readableBytesView).write(to: file)
                let list = try runTool("unzip", ["-Z1", file.path])
                #expect(list.output.split(separator: "\n") == ["eat-uk-0001.pdf", "eat-uk-0002.pdf", "eat-uk-0003.pdf"])
            }
            // Row 2 gets an impossible date: no ZIP, the row and field named, no value repeated.
            var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            let dateColumn = try #require(header.firstIndex(of: "date_of_birth"))
            var cells = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[dateColumn] = "1990-02-31"
            lines[2] = cells.joined(separator: ",")
            let (h2, b2) = multipart([("csrf", csrf)], file: lines.joined(separator: "\n"))
            let refused = try await client.execute(uri: "/forms/eat/uk/batch", method: .post, headers: h2 + browser.cookieHeader, body: b2)
            #expect(refused.status == .unprocessableContent)
            let html = String(buffer: refused.body)
            #expect(html.contains("<td>2</td><td>Geburtsdatum</td>"))
            #expect(!html.contains("1990-02-31"))
            // No CSRF token: refused. A caseworker's upload is never written anywhere.
            let (h3, b3) = multipart([], file: good)
            #expect(try await client.execute(uri: "/forms/eat/uk/batch", method: .post, headers: h3 + browser.cookieHeader, body: b3).status == .forbidden)
            #expect(!web.logLines.all.contains { $0.contains("klienten") })
        }
    }
}

@Suite("Web app: every route for every role")
struct RouteRoleTests {
    let route = WebRouteTests()

    /// Each route and the roles that may use it (an admin may use all).
    static let routes: [(method: HTTPRequest.Method, uri: String, roles: Set<String>)] = {
        let documents: Set<String> = ["stefan", "tanja", "anna"], forms: Set<String> = ["stefan", "cem", "anna"], offices: Set<String> = ["stefan", "anna"]
        let translators: Set<String> = ["tanja", "anna"]
        let all: Set<String> = ["stefan", "tanja", "cem", "anna"]
        return [
            (.get, "/", all),
            (.get, "/documents/kim-flyer-a4", documents),
            (.get, "/documents/kim-flyer-a4/musterstadt/de", documents),
            (.get, "/documents/kim-flyer-a4/musterstadt/de/document.pdf", documents),
            (.get, "/documents/kim-flyer-a4/musterstadt/de/print.pdf", documents),
            (.get, "/documents/kim-flyer-a4/musterstadt/de/thumb.png", documents),
            (.get, "/documents/kim-flyer-a4/musterstadt/de/page-1.png", documents),
            (.get, "/documents/eat/beispielkreis/ar/document.pdf", documents),
            (.get, "/documents/kim-flyer-a4/musterstadt/all.zip", documents),
            (.get, "/forms/eat", forms),
            (.get, "/forms/eat/ar", forms),
            (.get, "/forms/eat/ar/blank.pdf", forms),
            (.get, "/offices", offices),
            (.get, "/offices/musterstadt", offices),
            (.post, "/forms/eat/ar/pdf", forms),
            (.post, "/forms/eat/ar/batch", forms),
            (.post, "/offices/musterstadt", offices),
            (.get, "/translations", translators),
            (.get, "/translations/ar", translators),
            (.get, "/translations/ar/flyer.title", translators),
            (.post, "/translations/ar/flyer.title/check", translators),
            (.post, "/translations/ar/flyer.title/preview", translators),
            (.get, "/agency/ar", translators),
            (.get, "/agency/ar/export.po", translators),
            (.post, "/agency/ar/check", translators),
            (.post, "/agency/ar/merge", translators),
        ]
    }()

    @Test("no session: to the login; wrong role: 403; right role: served")
    func table() async throws {
        try await route.withWeb { _, client in
            for r in Self.routes {
                let anonymous = try await client.execute(uri: r.uri, method: r.method, headers: formType, body: ByteBuffer(string: "csrf=x"))
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login", "\(r.method) \(r.uri) without a session")
            }
            for name in ["anna", "stefan", "cem", "tanja"] {
                let browser = try await client.signIn(name)
                let home = try await client.execute(uri: "/", method: .get, headers: browser.cookieHeader)
                let csrf = try #require(hidden("csrf", in: String(buffer: home.body)))
                for r in Self.routes {
                    let response = try await client.execute(
                        uri: r.uri, method: r.method, headers: formType + browser.cookieHeader, body: r.method == .post ? body([("csrf", csrf)]) : nil)
                    if r.roles.contains(name) {
                        #expect(response.status != .forbidden && response.status != .seeOther, "\(name): \(r.method) \(r.uri) → \(response.status)")
                        if r.method == .get { #expect(response.status == .ok, "\(name): \(r.uri) → \(response.status)") }
                    } else {
                        #expect(response.status == .forbidden, "\(name): \(r.method) \(r.uri) → \(response.status)")
                    }
                }
            }
        }
    }
}

@Suite("Web app: the server benchmark runs")
struct ServerBenchSmokeTests {
    @Test("kimdoc bench --server --smoke drives a real server with wrk and prints every workload, its targets and the memory line")
    func smoke() throws {
        let result = try runKimdoc(["bench", "--server", "--smoke"])
        #expect(result.status == 0, "\(result.errorOutput)")
        for row in ["flyer PDF (A4)", "filled eAT PDF (POST)", "page thumbnail (PNG)", "all languages as ZIP"] {
            #expect(result.output.components(separatedBy: "\n").filter { $0.hasPrefix(row) }.count == 2, "\(row)\n\(result.output)")
        }
        // Every answer succeeded: the errors column is 0 in every row.
        let rows = result.output.components(separatedBy: "\n").filter { $0.contains("p95 ≤") || $0.contains("no errors") }
        #expect(rows.count == 9)
        #expect(result.output.components(separatedBy: "\n").filter { $0.hasPrefix("translator preview") }.count == 1, "\(result.output)")
        #expect(result.output.components(separatedBy: "\n").filter { $0.contains("load average before the run: ") }.count == 2)
        // The answer with the page, as asked for when typing pauses: every answer succeeded too.
        let pause = try #require(result.output.components(separatedBy: "\n").first { $0.hasPrefix("  with page (pause)") })
        #expect(pause.dropFirst("  with page (pause)".count).split(separator: " ").prefix(3).last == "0", "\(pause)")
        for row in rows {
            // name, then connections, requests, errors.
            let name = ["flyer PDF (A4)", "filled eAT PDF (POST)", "page thumbnail (PNG)", "all languages as ZIP", "translator preview"].first { row.hasPrefix($0) } ?? ""
            let numbers = row.dropFirst(name.count).split(separator: " ").prefix(3)
            // (How many requests a 1-second run completes depends on the machine's load: not checked.)
            #expect(numbers.count == 3 && numbers.last == "0", "\(row)")
        }
        #expect(result.output.contains("server memory:"))

        // --only: those workloads alone.
        let only = try runKimdoc(["bench", "--server", "--smoke", "--only", "preview"])
        #expect(only.status == 0, "\(only.errorOutput)")
        #expect(only.output.contains("\ntranslator preview ") && only.output.contains("\n  with page (pause) "), "\(only.output)")
        #expect(!only.output.contains("flyer PDF") && !only.output.contains("server memory:"), "\(only.output)")
        let unknown = try runKimdoc(["bench", "--server", "--smoke", "--only", "previews"])
        #expect(unknown.status != 0 && unknown.errorOutput.contains("--only previews: give one of eat, flyer, memory, preview, thumbnail, zip."), "\(unknown.errorOutput)")
    }
}

@Suite("Web app: translators")
struct TranslationRouteTests {
    let route = WebRouteTests()

    @Test("overview and unit list count as catalog status does; a save is written by the PO writer; reviewed needs the right; a stale save is refused; saves of different units both survive")
    func translate() async throws {
        try await route.withWeb { web, client in
            let project = try TranslationProject(root: web.root)
            let tanja = try await client.signIn("tanja")
            // Overview: the same counts as catalog status.
            let overview = try await client.execute(uri: "/translations", method: .get, headers: tanja.cookieHeader)
            #expect(overview.status == .ok)
            let status = try #require(try project.status().first { $0.language == Language("ar") })
            #expect(String(buffer: overview.body).contains("<td>\(status.total)</td><td>\(status.translated - status.unreviewed)</td><td>\(status.unreviewed)</td><td>\(status.outdated)</td><td>\(status.untranslated)</td>"))
            // Case managers may not.
            let cem = try await client.signIn("cem")
            #expect(try await client.execute(uri: "/translations", method: .get, headers: cem.cookieHeader).status == .forbidden)
            // The list filters and searches.
            let list = try await client.execute(uri: "/translations/ar?state=draft&q=Zugewanderten", method: .get, headers: tanja.cookieHeader)
            #expect(String(buffer: list.body).contains("<code>flyer.audience.text</code>"))
            // The editor: German, placeholder chip, right-to-left input.
            let editor = try await client.execute(uri: "/translations/ar/flyer.audience.text", method: .get, headers: tanja.cookieHeader)
            let html = String(buffer: editor.body)
            #expect(html.contains("data-insert=\"{district}\""))
            #expect(html.contains("<textarea id=\"text\" name=\"text\" rows=\"5\" lang=\"ar\" dir=\"rtl\""))
            #expect(!html.contains("value=\"reviewed\""))
            let csrf = try #require(hidden("csrf", in: html)), version = try #require(hidden("version", in: html))
            // Live check: a missing placeholder is an error with catalog check's message.
            let check = try await client.execute(
                uri: "/translations/ar/flyer.audience.text/check", method: .post, headers: formType + tanja.cookieHeader, body: body([("csrf", csrf), ("text", "لجميع المهاجرين.")]))
            #expect(String(buffer: check.body).contains("placeholder {district} is missing"))
            // Reviewed without the right: refused.
            let text = "لجميع المهاجرين في {district}."
            let refused = try await client.execute(
                uri: "/translations/ar/flyer.audience.text", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", csrf), ("version", version), ("text", text), ("action", "reviewed")]))
            #expect(refused.status == .forbidden)
            // A draft: saved, current, a draft line, msgfmt accepts the catalog.
            let other = try await client.execute(uri: "/translations/ar/flyer.title", method: .get, headers: tanja.cookieHeader)
            let otherVersion = try #require(hidden("version", in: String(buffer: other.body)))
            let saved = try await client.execute(
                uri: "/translations/ar/flyer.audience.text", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", csrf), ("version", version), ("text", text), ("action", "draft")]))
            #expect(saved.status == .seeOther)
            #expect(try project.unit("flyer.audience.text", language: Language("ar"))?.translation == text)
            #expect(try project.unit("flyer.audience.text", language: Language("ar"))?.state == .draft)
            // The same page saved again is stale: 409, both texts shown, nothing overwritten.
            let stale = try await client.execute(
                uri: "/translations/ar/flyer.audience.text", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", csrf), ("version", version), ("text", "نص آخر"), ("action", "draft")]))
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("Es wurde nichts überschrieben"))
            #expect(try project.unit("flyer.audience.text", language: Language("ar"))?.translation == text)
            // Another unit, from a page opened before the first save: its own version still holds.
            let title = "إدارة الاندماج البلدية – استشارة"
            let second = try await client.execute(
                uri: "/translations/ar/flyer.title", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", csrf), ("version", otherVersion), ("text", title), ("action", "draft")]))
            #expect(second.status == .seeOther)
            #expect(try project.unit("flyer.audience.text", language: Language("ar"))?.translation == text)
            #expect(try project.unit("flyer.title", language: Language("ar"))?.translation == title)
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", project.catalogFile(Language("ar")).path]).status == 0)
            // With the right to review Arabic: reviewed, the draft line gone, the history kept.
            try UserStore(file: web.root.appendingPathComponent("var/test.sqlite"), cost: 4).setReviewLanguages(name: "tanja", languages: [Language("ar")])
            let page = try await client.execute(uri: "/translations/ar/flyer.title", method: .get, headers: tanja.cookieHeader)
            let reviewed = try await client.execute(
                uri: "/translations/ar/flyer.title", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", csrf), ("version", try #require(hidden("version", in: String(buffer: page.body)))), ("text", title), ("action", "reviewed")]))
            #expect(reviewed.status == .seeOther)
            #expect(try project.unit("flyer.title", language: Language("ar"))?.state == .translated)
            let after = String(buffer: try await client.execute(uri: "/translations/ar/flyer.title", method: .get, headers: tanja.cookieHeader).body)
            #expect(after.contains("tanja (geprüft)") && after.contains("tanja (Entwurf)"))
        }
    }
}

@Suite("Web app: translation preview")
struct TranslationPreviewTests {
    let route = WebRouteTests()

    @Test("the preview lays the typed text out in its document: it fits, or the overflow is named in millimetres; nothing is saved")
    func preview() async throws {
        try await route.withWeb { web, client in
            let tanja = try await client.signIn("tanja")
            let csrf = try await client.csrf("/translations/ar/flyer.audience.text", as: tanja)
            let before = try Data(contentsOf: web.root.appendingPathComponent("Translations/ar.po"))
            let fits = try await client.preview("ar", "flyer.audience.text", text: "لجميع المهاجرين في {district}.", csrf: csrf, as: tanja)
            let small = String(buffer: fits.body)
            #expect(small.contains("\"document\":\"kim-flyer-a4\"") && small.contains("data:image\\/png;base64,") && small.contains("\"overflows\":[]"))
            let long = String(repeating: "نص طويل جدا لا يتسع في المربع ", count: 60) + "{district}"
            let over = try await client.preview("ar", "flyer.audience.text", text: long, csrf: csrf, as: tanja)
            #expect(String(buffer: over.body).contains("mm zu viel"))
            #expect(try Data(contentsOf: web.root.appendingPathComponent("Translations/ar.po")) == before)
        }
    }
}

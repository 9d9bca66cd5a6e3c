public import Foundation
public import Hummingbird
import KimCore
import KimDoc
import KimRender

/// `kimdoc serve`: the office's web app. Another front end over `KimDoc`, like the command line:
/// it turns requests into library calls and their results into pages, PDFs and images, and holds
/// no layout, validation or catalog logic of its own.
public struct WebApp: Sendable {
    public struct Options: Sendable {
        public var root: URL
        public var host = "127.0.0.1"
        public var port = 8080
        /// Mark cookies `Secure`: the app is reached over TLS (through the office's reverse proxy).
        public var secureCookies = false
        /// Where the accounts are kept.
        public var database: URL
        public var bcryptCost: UInt8 = 12
        /// Seconds a failed login makes the next attempt for that name wait, doubling each time.
        public var loginDelay: TimeInterval = 1
        /// Keep rendered documents without client data in memory (off only to measure rendering: `kimdoc bench --server`).
        public var cacheDocuments = true
        /// The request log (route, status, duration, user id): standard error by default.
        public var log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

        public init(root: URL) {
            self.root = root
            database = UserStore.defaultFile(root: root)
        }
    }

    static let sessionCookie = "kimdoc_session"
    static let loginCookie = "kimdoc_login"

    let options: Options
    let users: UserStore
    let sessions = SessionStore()
    let throttle: LoginThrottle
    let pages: Pages
    let documents: DocumentService
    /// Everything that renders (documents, thumbnails, ZIPs, filled forms, batches, the translators'
    /// previews) runs on them: one thread per core, in arrival order.
    let renders = RenderThreads.shared

    public init(options: Options) async throws {
        self.options = options
        users = try UserStore(file: options.database, cost: options.bcryptCost)
        throttle = LoginThrottle(base: options.loginDelay)
        pages = try await Pages.load()
        documents = DocumentService(project: ProjectState(root: options.root), cache: DocumentCache(limit: options.cacheDocuments ? 128 << 20 : 0), creationDate: try DocumentInfo.sourceDateEpoch())
    }

    /// The routes, for the server and for tests (HummingbirdTesting runs them without a socket).
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(sessions: sessions, users: users))
        router.add(middleware: RequestLogMiddleware(log: options.log))
        router.add(middleware: BodyLimitMiddleware())
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let response = StaticFiles.response(name) else { throw HTTPError(.notFound) }
            return response
        }
        addAuthRoutes(router)
        addDocumentRoutes(router)
        addFormRoutes(router)
        addOfficeRoutes(router)
        addTranslationRoutes(router)
        addAgencyRoutes(router)
        return router
    }

    /// The application listening on the configured address.
    public func application() -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(options.host, port: options.port), serverName: "kimdoc"))
    }

    /// Runs the server until SIGINT or SIGTERM.
    public func run() async throws {
        if users.isEmpty {
            options.log("kimdoc serve: there is no user yet; create one with `kimdoc users add NAME --role admin` (the password is asked for), then sign in.")
        }
        options.log("kimdoc serve: http://\(options.host):\(options.port)/ (project \(options.root.path)); stop with Ctrl-C")
        // A server makes every font's subsets again and again: prepare each font once.
        PDFRenderer.preparesFontsForSubsetting = true
        let documents = self.documents
        Task.detached(priority: .background) { documents.warmUp() }
        try await application().runService()
    }

    // MARK: Helpers for the routes

    /// The signed-in user, if they may use a part meant for `roles`; otherwise the answer: to the
    /// login page without a session, 403 with the wrong role.
    func require(_ context: WebContext, _ roles: Role...) throws -> WebUser {
        guard let user = context.user else {
            throw HTTPError(.seeOther, headers: [.location: "/login"])
        }
        guard user.role == .admin || roles.contains(user.role) else {
            throw HTTPError(.forbidden, message: "Ihre Rolle (\(user.role.germanName)) erlaubt diese Seite nicht.")
        }
        return user
    }

    /// Checks the CSRF token of a form that changes something.
    func checkCSRF(_ form: FormBody, _ context: WebContext) throws {
        guard let expected = context.csrf, let given = form["csrf"], Self.constantTimeEqual(expected, given) else {
            throw HTTPError(.forbidden, message: "Das Formular ist abgelaufen oder stammt nicht von dieser Seite; laden Sie die Seite neu.")
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Reads a form body, at most `limit` bytes (larger: 413).
    func form(_ request: Request, limit: Int = 1 << 20) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return FormBody(Array(buffer.readableBytesView))
    }

    /// An error page with the message (a located message from the library, as the CLI prints it).
    func errorPage(_ status: HTTPResponse.Status, _ message: String, context: WebContext) -> Response {
        pages.render("error", ["title": status == .notFound ? "Nicht gefunden" : "Fehler", "message": message, "status": status.code], context: context, status: status)
    }

    /// `page` for work that renders: on the render threads, in the order the requests came, while
    /// Swift's cooperative threads stay free for reading requests and writing answers.
    func rendering(_ context: WebContext, _ body: () throws -> Response) async -> Response {
        do { return try await renders.run { page(context, body) } } catch {
            return errorPage(.internalServerError, "\(error)", context: context)
        }
    }

    /// Runs a page's work and turns the library's errors into error pages.
    func page(_ context: WebContext, _ body: () throws -> Response) -> Response {
        do { return try body() } catch let e as KimError {
            return errorPage(.unprocessableContent, e.message, context: context)
        } catch is DocumentService.NotFound {
            return errorPage(.notFound, "Diese Seite gibt es nicht.", context: context)
        } catch let e as HTTPError {
            return errorPage(e.status, e.body ?? e.status.reasonPhrase, context: context)
        } catch {
            return errorPage(.internalServerError, "\(error)", context: context)
        }
    }

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: options.secureCookies, httpOnly: true, sameSite: .strict)
    }
}

extension Response {
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func file(_ data: Data, type: String, name: String? = nil, cache: String = "no-store") -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: cache]
        if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import Foundation
import Hummingbird
import HTTPTypes

/// Headers every answer carries: no inline script or outside resource may run (Content
/// Security Policy), nothing is sniffed, framed or sent on as referrer, and nothing is stored
/// by browsers or proxies unless the route says otherwise (static files).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// The request log: an audit trail, not a data dump. Method, path (never the query string),
/// status, duration and user id; never a body, a header value or a file name.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let log: @Sendable (String) -> Void

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let user = context.user.map { "user=\($0.id)" } ?? "user=-"
        do {
            let response = try await next(request, context)
            log("\(request.method) \(Self.loggedPath(request)) \(response.status.code) \(Self.milliseconds(since: start)) ms \(user)")
            return response
        } catch let error as any HTTPResponseError {
            log("\(request.method) \(Self.loggedPath(request)) \(error.status.code) \(Self.milliseconds(since: start)) ms \(user)")
            throw error
        } catch {
            log("\(request.method) \(Self.loggedPath(request)) 500 \(Self.milliseconds(since: start)) ms \(user)")
            throw error
        }
    }

    /// The route's path without the query string; paths of kimdoc's routes hold ids of
    /// templates, offices and languages only, never client data.
    static func loggedPath(_ request: Request) -> String { request.uri.path }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Finds the session of the request's cookie and puts its user and CSRF token on the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let sessions: SessionStore
    let users: UserStore

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[WebApp.sessionCookie]?.value, let session = sessions.session(token),
            let user = try? users.user(id: session.userID)
        {
            context.user = user
            context.sessionToken = token
            context.csrf = session.csrf
        }
        return try await next(request, context)
    }
}

/// Refuses a request whose declared body is larger than the limit before reading any of it.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > context.maxUploadSize {
            throw HTTPError(.contentTooLarge, message: "Die Anfrage ist zu groß (höchstens \(context.maxUploadSize >> 20) MiB).")
        }
        return try await next(request, context)
    }
}

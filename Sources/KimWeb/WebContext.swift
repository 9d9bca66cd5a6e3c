public import Hummingbird

/// What a request carries through the middleware to its route: the signed-in user, if any, and
/// the session's CSRF token for the forms the page shows.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var user: WebUser?
    var sessionToken: String?
    var csrf: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies larger than this are refused with 413 before they are read.
    public var maxUploadSize: Int { WebLimits.maxBody }
}

enum WebLimits {
    /// The largest request body: a CSV of clients for a batch of forms. 10 MiB.
    static let maxBody = 10 << 20
}

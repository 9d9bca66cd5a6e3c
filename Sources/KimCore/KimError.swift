import Foundation

/// An error meant for the person running kimdoc: one sentence that says what is wrong, where
/// (file and line, character and language) and what to do about it.
public struct KimError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension KimError {
    /// One sentence for any error: kimdoc's own as they are; Foundation's file errors, whose
    /// text is "Error Domain=NSCocoaErrorDomain Code=4 … UserInfo={…}", as the path, the system's
    /// reason and what to do. Every place that turns an error into a message goes through here,
    /// so no raw Foundation text reaches a user (issue 19).
    public static func describe(_ error: any Error) -> String {
        if let e = error as? KimError { return e.message }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return "\(error)" }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        var posix: Int32?
        if ns.domain == NSPOSIXErrorDomain { posix = Int32(truncatingIfNeeded: ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            posix = Int32(truncatingIfNeeded: underlying.code)
        }
        let reason: String
        switch (posix, ns.code) {
        case (ENOENT?, _), (nil, 4), (nil, 260): reason = "no such file or folder (a folder on the way is missing)"
        case (EACCES?, _), (EPERM?, _), (nil, 257), (nil, 513): reason = "permission denied"
        case (EROFS?, _), (nil, 642): reason = "the disk is read-only"
        case (ENOSPC?, _), (nil, 640): reason = "the disk is full"
        case (EEXIST?, _), (nil, 516): reason = "a file of that name is in the way"
        case (ENOTDIR?, _): reason = "a file stands where a folder should be"
        case (let code?, _): reason = String(cString: strerror(code)).lowercased()
        default: reason = "the system refused the file operation"
        }
        return "\(path ?? "a file"): \(reason); check the path, that its folders exist, and that you may read and write there."
    }
}

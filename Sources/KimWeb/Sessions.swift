import Foundation
import Synchronization

/// Signed-in sessions, in memory only: a random token (the cookie) names the user and the
/// session's CSRF token. Nothing else is kept, and nothing about clients; a restart signs
/// everyone out.
final class SessionStore: Sendable {
    struct Session: Sendable {
        let userID: Int64
        let csrf: String
        var lastUse: Date
    }

    /// A session ends after this long without a request.
    let idle: TimeInterval
    private let sessions = Mutex<[String: Session]>([:])

    init(idle: TimeInterval = 8 * 3600) { self.idle = idle }

    /// A new session for a user; returns its token.
    func open(userID: Int64) -> String {
        let token = Self.randomToken()
        let session = Session(userID: userID, csrf: Self.randomToken(), lastUse: Date())
        sessions.withLock { all in
            let now = Date()
            all = all.filter { now.timeIntervalSince($0.value.lastUse) < idle }
            all[token] = session
        }
        return token
    }

    /// The session of a token, if it is open and not idle for too long (its time is renewed).
    func session(_ token: String) -> Session? {
        sessions.withLock { all in
            guard var s = all[token] else { return nil }
            let now = Date()
            guard now.timeIntervalSince(s.lastUse) < idle else {
                all[token] = nil
                return nil
            }
            s.lastUse = now
            all[token] = s
            return s
        }
    }

    func close(_ token: String) { _ = sessions.withLock { $0.removeValue(forKey: token) } }

    /// Ends every session of a user (after a password change or removal).
    func close(userID: Int64) { sessions.withLock { $0 = $0.filter { $0.value.userID != userID } } }

    /// 32 random bytes, base64url: a cookie- and form-safe token.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// Slows down failed logins: after each failure for a name, the next attempt for it waits
/// longer (1, 2, 4 … up to 16 seconds), so passwords cannot be guessed quickly.
final class LoginThrottle: Sendable {
    private let failures = Mutex<[String: (count: Int, last: Date)]>([:])
    let base: TimeInterval

    init(base: TimeInterval = 1) { self.base = base }

    /// How long to wait before checking a password for `name`.
    func delay(for name: String) -> TimeInterval {
        failures.withLock { all in
            guard let f = all[name.lowercased()], Date().timeIntervalSince(f.last) < 3600 else { return 0 }
            return min(16, base * pow(2, Double(min(f.count, 10) - 1)))
        }
    }

    func failed(_ name: String) {
        failures.withLock { all in
            if all.count > 10_000 { all.removeAll() }
            let key = name.lowercased()
            all[key] = ((all[key]?.count ?? 0) + 1, Date())
        }
    }

    func succeeded(_ name: String) { _ = failures.withLock { $0.removeValue(forKey: name.lowercased()) } }
}

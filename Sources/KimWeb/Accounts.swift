public import Foundation
import GRDB
import HummingbirdBcrypt
public import KimCore

/// What a user may do. Staff make documents and edit office data; case managers fill in forms
/// for clients; translators work on catalogs; an admin may do everything.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin
    case staff
    case caseManager = "case-manager"
    case translator

    /// The role's name on the German pages.
    public var germanName: String {
        switch self {
        case .admin: "Administration"
        case .staff: "Mitarbeitende"
        case .caseManager: "Fallmanagement"
        case .translator: "Übersetzung"
        }
    }
}

/// A signed-in person: id, name and role; never the password or its hash.
public struct WebUser: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let role: Role

    /// Whether the user may use a part of the app meant for `roles` (an admin may use every part).
    public func may(_ roles: Role...) -> Bool { role == .admin || roles.contains(role) }
}

/// The app's accounts in an embedded SQLite database (`kimdoc.sqlite` in the project folder's
/// `var/`), passwords hashed with bcrypt. Nothing about clients is ever stored here.
public final class UserStore: Sendable {
    let database: DatabaseQueue
    /// bcrypt's cost factor: 12 in use (about a quarter of a second on the office machine), lower in tests.
    let cost: UInt8
    /// A hash at the same cost, checked for unknown names so that they take as long as known ones.
    let dummyHash: String

    /// The database file of a project.
    public static func defaultFile(root: URL) -> URL { root.appendingPathComponent("var/kimdoc.sqlite") }

    public init(file: URL, cost: UInt8 = 12) throws {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            database = try DatabaseQueue(path: file.path)
        } catch {
            throw KimError("\(file.path): cannot open the user database (\(error.localizedDescription)); check that the folder is writable.")
        }
        self.cost = cost
        dummyHash = Bcrypt.hash("kimdoc: no such user", cost: cost)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("users") { db in
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique(onConflict: .abort)
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("created", .datetime).notNull()
            }
        }
        migrator.registerMigration("translations") { db in
            // Languages a translator may mark as reviewed (an admin may review every language).
            try db.create(table: "reviewer") { t in
                t.column("userID", .integer).notNull().references("user", onDelete: .cascade)
                t.column("language", .text).notNull()
                t.primaryKey(["userID", "language"])
            }
            // Every save of a unit: who, when, the text before and after, draft or reviewed.
            try db.create(table: "unitHistory") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("language", .text).notNull()
                t.column("unit", .text).notNull()
                t.column("userName", .text).notNull()
                t.column("time", .datetime).notNull()
                t.column("oldText", .text).notNull()
                t.column("newText", .text).notNull()
                t.column("state", .text).notNull()
            }
            try db.create(index: "unitHistoryByUnit", on: "unitHistory", columns: ["language", "unit"])
        }
        try migrator.migrate(database)
    }

    /// Sets the languages a user may mark as reviewed.
    public func setReviewLanguages(name: String, languages: [Language]) throws {
        try database.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE name = ?", arguments: [name]) else {
                throw KimError("there is no user '\(name)'; `kimdoc users list` shows them.")
            }
            try db.execute(sql: "DELETE FROM reviewer WHERE userID = ?", arguments: [id])
            for l in Set(languages) { try db.execute(sql: "INSERT INTO reviewer (userID, language) VALUES (?, ?)", arguments: [id, l.tag]) }
        }
    }

    /// Whether a user may mark translations of a language as reviewed.
    public func mayReview(_ user: WebUser, _ language: Language) throws -> Bool {
        if user.role == .admin { return true }
        guard user.role == .translator else { return false }
        return try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reviewer WHERE userID = ? AND language = ?", arguments: [user.id, language.tag]) ?? 0
        } > 0
    }

    public func reviewLanguages(_ user: WebUser) throws -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT language FROM reviewer WHERE userID = ? ORDER BY language", arguments: [user.id]) }
    }

    /// One save of a unit, for its history.
    public struct HistoryItem: Sendable {
        public let userName: String
        public let time: Date
        public let oldText: String
        public let newText: String
        public let state: String
    }

    public func recordSave(language: Language, unit: String, user: WebUser, oldText: String, newText: String, state: String) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO unitHistory (language, unit, userName, time, oldText, newText, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [language.tag, unit, user.name, Date(), oldText, newText, state])
        }
    }

    public func history(language: Language, unit: String) throws -> [HistoryItem] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT userName, time, oldText, newText, state FROM unitHistory WHERE language = ? AND unit = ? ORDER BY id DESC LIMIT 50", arguments: [language.tag, unit])
                .map { HistoryItem(userName: $0["userName"], time: $0["time"], oldText: $0["oldText"], newText: $0["newText"], state: $0["state"]) }
        }
    }

    /// A user name: 2 to 64 characters, letters, digits, `.`, `-`, `_` and `@`.
    public static func checkName(_ name: String) throws {
        guard (2...64).contains(name.count), name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_@".unicodeScalars.contains($0) }) else {
            throw KimError("the user name must be 2 to 64 letters, digits, '.', '-', '_' or '@'.")
        }
    }

    /// A password: at least 10 characters, at most 72 bytes (bcrypt reads no more).
    public static func checkPassword(_ password: String) throws {
        guard password.count >= 10 else { throw KimError("the password must have at least 10 characters.") }
        guard password.utf8.count <= 72 else { throw KimError("the password must have at most 72 bytes (bcrypt ignores the rest).") }
    }

    public func add(name: String, role: Role, password: String) throws {
        try Self.checkName(name)
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: cost)
        do {
            try database.write { db in
                try db.execute(sql: "INSERT INTO user (name, role, passwordHash, created) VALUES (?, ?, ?, ?)", arguments: [name, role.rawValue, hash, Date()])
            }
        } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
            throw KimError("there is already a user '\(name)'; choose another name or change the password with `kimdoc users passwd \(name)`.")
        }
    }

    public func remove(name: String) throws {
        let count = try database.write { db in
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [name])
            return db.changesCount
        }
        guard count > 0 else { throw KimError("there is no user '\(name)'; `kimdoc users list` shows them.") }
    }

    public func setPassword(name: String, password: String) throws {
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: cost)
        let count = try database.write { db in
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE name = ?", arguments: [hash, name])
            return db.changesCount
        }
        guard count > 0 else { throw KimError("there is no user '\(name)'; `kimdoc users list` shows them.") }
    }

    public func list() throws -> [WebUser] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role FROM user ORDER BY name").compactMap(Self.user)
        }
    }

    public func user(id: Int64) throws -> WebUser? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT id, name, role FROM user WHERE id = ?", arguments: [id]).flatMap(Self.user) }
    }

    /// The user with this name and password, or nil. Takes bcrypt's time also for unknown names,
    /// so the answer's time does not tell which names exist.
    public func authenticate(name: String, password: String) throws -> WebUser? {
        let row = try database.read { db in try Row.fetchOne(db, sql: "SELECT id, name, role, passwordHash FROM user WHERE name = ?", arguments: [name]) }
        guard let row, let hash: String = row["passwordHash"], password.utf8.count <= 72 else {
            _ = Bcrypt.verify(password, hash: dummyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? Self.user(row) : nil
    }

    public var isEmpty: Bool { (try? database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0 }) == 0 }

    static func user(_ row: Row) -> WebUser? {
        guard let id: Int64 = row["id"], let name: String = row["name"], let roleName: String = row["role"], let role = Role(rawValue: roleName) else { return nil }
        return WebUser(id: id, name: name, role: role)
    }
}

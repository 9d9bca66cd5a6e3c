import ArgumentParser
import Foundation
import KimCore
import KimDoc
import KimWeb
import Synchronization

/// `kimdoc serve`: the office's web app.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app for the office's intranet (documents for staff, translated forms for case managers).")

    @Option(help: "Address to listen on; 127.0.0.1 is this machine only (put a reverse proxy with TLS in front for the office network).") var host = "127.0.0.1"
    @Option(help: "Port.") var port = 8080
    @Option(help: "The project folder (default: KIMDOC_ROOT or the folder with Translations/languages.json at or above the current one).") var root: String?
    @Flag(help: "Mark the session cookie Secure: set this when users reach the app over HTTPS (through a reverse proxy).") var secureCookies = false
    @Flag(help: .hidden) var noDocumentCache = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port \(port): give a port from 1 to 65535.") }
        guard !host.isEmpty, host.count <= 253 else { throw ValidationError("--host: give an address such as 127.0.0.1 or 0.0.0.0.") }
    }

    func run() throws {
        try reportingErrors {
            let folder = try root.map { URL(fileURLWithPath: $0) } ?? ProjectRoot.locate()
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("Translations/languages.json").path) else {
                throw KimError("--root \(folder.path): not a kimdoc project (no Translations/languages.json).")
            }
            var options = WebApp.Options(root: folder)
            options.host = host
            options.port = port
            options.secureCookies = secureCookies
            options.cacheDocuments = !noDocumentCache
            let failure = Mutex<(any Error)?>(nil)
            let done = DispatchSemaphore(value: 0)
            Task {
                do {
                    try await WebApp(options: options).run()
                } catch {
                    failure.withLock { $0 = error }
                }
                done.signal()
            }
            done.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }
}

/// `kimdoc users`: the web app's accounts.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Accounts of the web app: add, remove, change a password, list.",
        subcommands: [Add.self, Remove.self, Passwd.self, List.self, Review.self])

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "review", abstract: "Set the languages a translator may mark as reviewed (none: only drafts).")
        @Argument(help: "User name.") var name: String
        @Option(name: .customLong("lang"), help: "A language tag (repeatable).") var languages: [String] = []

        func run() throws {
            try reportingErrors {
                let root = try ProjectRoot.locate()
                let known = try TranslationProject(root: root).targetLanguages.map(\.tag.tag)
                for l in languages where !known.contains(l) { throw KimError("--lang \(l): not a target language; languages are \(known.joined(separator: ", ")).") }
                try projectUsers().setReviewLanguages(name: name, languages: languages.map(Language.init))
                print(languages.isEmpty ? "\(name) may save drafts only" : "\(name) may review \(languages.joined(separator: ", "))")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; the password is asked for (or read as two lines from standard input).")
        @Argument(help: "User name.") var name: String
        @Option(help: "admin, staff, case-manager or translator.") var role: String

        func run() throws {
            try reportingErrors {
                guard let role = Role(rawValue: role) else {
                    throw KimError("--role \(role): give one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                let store = try projectUsers()
                try UserStore.checkName(name)
                try store.add(name: name, role: role, password: try readNewPassword())
                print("added \(name) (\(role.rawValue))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user.")
        @Argument(help: "User name.") var name: String

        func run() throws {
            try reportingErrors {
                try projectUsers().remove(name: name)
                print("removed \(name)")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password (asked for, or two lines from standard input).")
        @Argument(help: "User name.") var name: String

        func run() throws {
            try reportingErrors {
                let store = try projectUsers()
                guard try store.list().contains(where: { $0.name == name }) else { throw KimError("there is no user '\(name)'; `kimdoc users list` shows them.") }
                try store.setPassword(name: name, password: try readNewPassword())
                print("password of \(name) changed")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users and their roles.")

        func run() throws {
            try reportingErrors {
                let store = try projectUsers()
                let users = try store.list()
                if users.isEmpty { print("no users; add one with `kimdoc users add NAME --role admin`") }
                for u in users {
                    let review = try store.reviewLanguages(u)
                    print("\(u.name)\t\(u.role.rawValue)" + (review.isEmpty ? "" : "\treviews \(review.joined(separator: ", "))"))
                }
            }
        }
    }
}

/// The accounts of the project kimdoc runs in.
func projectUsers() throws -> UserStore {
    try UserStore(file: UserStore.defaultFile(root: try ProjectRoot.locate()))
}

/// A new password, typed twice: at the terminal without echo, or as two lines on standard input
/// (for scripts). Never from an argument, where other users of the machine could see it.
func readNewPassword() throws -> String {
    let terminal = isatty(STDIN_FILENO) == 1
    func line(_ prompt: String) throws -> String {
        if terminal {
            FileHandle.standardError.write(Data(prompt.utf8))
            var old = termios()
            tcgetattr(STDIN_FILENO, &old)
            var silent = old
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &old)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let s = Swift.readLine(strippingNewline: true) else { throw KimError("no password given.") }
            return s
        }
        guard let s = Swift.readLine(strippingNewline: true) else {
            throw KimError("give the password twice, on two lines of standard input (or run the command at a terminal).")
        }
        return s
    }
    let first = try line("Password: ")
    let second = try line("Password again: ")
    guard first == second else { throw KimError("the two passwords differ; nothing was changed.") }
    try UserStore.checkPassword(first)
    return first
}

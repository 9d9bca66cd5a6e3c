public import Foundation

/// The languages a project publishes in, read from `Translations/languages.json`.
///
/// The list is data: adding a tenth language means adding an entry here (and its catalog), no code.
public struct ProjectLanguages: Sendable, Codable {
    public struct Entry: Sendable, Codable, Hashable {
        /// BCP 47 tag.
        public let tag: Language
        /// The language's own name for itself, e.g. "فارسی".
        public let name: String
        /// The English name, for logs and reports.
        public let englishName: String
        /// gettext's `Plural-Forms` header for the language's catalog. (Messages choose plural
        /// forms with ICU's CLDR rules; this header is for gettext's tools.)
        public let pluralForms: String?
        /// ICU numbering system for numbers in running text (`latn`, `arab`, `arabext`), if not
        /// the locale's default.
        public let numbers: String?
        /// The ICU transliterator that writes names of this language in Latin letters, e.g.
        /// `Ukrainian-Latin/BGN`: forms suggest it for client data typed in the language's script.
        public let transliteration: String?
    }

    /// The source language of the templates (German).
    public let source: Language
    public let languages: [Entry]

    public var tags: [Language] { languages.map(\.tag) }

    public func entry(for language: Language) -> Entry? { languages.first { $0.tag == language } }

    /// Reads the list from a JSON file, with an error naming the file.
    public static func load(from url: URL) throws -> ProjectLanguages {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw KimError("\(url.path): cannot read the language list (\(error.localizedDescription)).")
        }
        do { return try JSONDecoder().decode(ProjectLanguages.self, from: data) } catch let DecodingError.dataCorrupted(ctx) {
            throw KimError("\(url.path): not valid JSON: \(ctx.debugDescription) Fix the file and run again.")
        } catch {
            throw KimError("\(url.path): \(error). Each entry needs \"tag\", \"name\" and \"englishName\".")
        }
    }
}

/// Where the project's files are: the folder holding `Translations/` and `Templates/`.
public enum ProjectRoot {
    /// The project folder: `KIMDOC_ROOT` if set, else the nearest folder at or above the current
    /// directory that contains `Translations/languages.json`.
    public static func locate() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        if let root = env["KIMDOC_ROOT"], !root.isEmpty { return URL(fileURLWithPath: root) }
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Translations/languages.json").path) {
                return dir
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        throw KimError(
            "No kimdoc project here: no Translations/languages.json in \(FileManager.default.currentDirectoryPath) or above. Run kimdoc inside the project folder or set KIMDOC_ROOT."
        )
    }
}

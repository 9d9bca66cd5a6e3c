public import Foundation
import KimCore

/// A gettext PO or POT file: entries in order, plus whatever text follows the last one.
///
/// Reading covers the format: header, translator comments `#`, extracted comments `#.`,
/// references `#:`, flags `#,`, previous strings `#|`, msgctxt, plural entries
/// (msgid_plural, msgstr[n]), obsolete entries `#~`, multi-line strings and C escapes.
/// Writing keeps the original text of unchanged entries and formats changed or new ones the way
/// gettext's tools do (strings wrapped at 79 columns and after `\n`).
public struct POFile: Equatable, Sendable {
    /// How lines end in a file. Changed and new entries are written with the file's line ends
    /// (those of its first line), so an update never mixes CRLF and LF.
    public enum LineEnding: String, Sendable {
        case lf = "\n"
        case crlf = "\r\n"
    }

    public var entries: [POEntry]
    /// Text after the last entry (usually nothing or blank lines), kept verbatim.
    public var epilogue: String
    /// The file it was read from, for messages.
    public var path: String
    public var lineEnding: LineEnding

    public init(entries: [POEntry], epilogue: String = "", path: String = "", lineEnding: LineEnding = .lf) {
        self.entries = entries
        self.epilogue = epilogue
        self.path = path
        self.lineEnding = lineEnding
    }

    public static func == (a: POFile, b: POFile) -> Bool { a.entries == b.entries && a.epilogue == b.epilogue }

    /// The header entry, if the first entry is one.
    public var header: POEntry? { entries.first.flatMap { $0.isHeader ? $0 : nil } }

    /// A header field such as `Language` or `Plural-Forms`.
    public func headerField(_ name: String) -> String? {
        guard let text = header?.fields.strings.first else { return nil }
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == name.lowercased() {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    // MARK: Reading

    /// Reads a file; errors name the file, line and column.
    public static func read(from url: URL) throws -> POFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw KimError("\(url.path): cannot read the catalog (\(error.localizedDescription)).")
        }
        return try parse(Array(data), path: url.path)
    }

    /// Parses PO text. `requireHeader` rejects files whose first entry is not a header.
    public static func parse(_ bytes: [UInt8], path: String, requireHeader: Bool = true) throws -> POFile {
        var parser = POParser(bytes: bytes, path: path)
        let file = try parser.parse()
        if requireHeader, file.header == nil {
            let line = file.entries.first?.line ?? 1
            throw POError(
                file: path, line: line, column: 1,
                message: "missing header: a catalog starts with msgid \"\" and a msgstr holding Content-Type (charset=UTF-8), Language and Plural-Forms; add one (msginit writes it)")
        }
        return file
    }

    // MARK: Writing

    /// The file's text: unchanged entries exactly as read, others formatted as gettext does,
    /// with the file's line ends.
    public func serialized() -> String {
        let nl = lineEnding.rawValue
        var out = ""
        for entry in entries {
            if let source = entry.source, entry.sourceFields == entry.fields {
                out += source
            } else {
                // One blank line before a formatted entry.
                if !out.isEmpty && !out.hasSuffix(nl + nl) { out += out.hasSuffix(nl) ? nl : nl + nl }
                let text = POWriter.format(entry.fields)
                out += lineEnding == .lf ? text : text.replacingOccurrences(of: "\n", with: nl)
            }
        }
        return out + epilogue
    }

    /// Writes the file atomically (temporary file, then rename): a crash never leaves half a catalog.
    public func write(to url: URL) throws {
        try AtomicFile.write(Data(serialized().utf8), to: url)
    }
}

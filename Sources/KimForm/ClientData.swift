public import Foundation
import KimCore
import KimTemplate

/// One client's answers as read from a file, before checking: values are untrusted text.
public struct RawClient: Sendable {
    public enum Value: Sendable {
        case text(String)
        case list([String])
        case rows([[String: String]])
    }

    /// Names the client in messages without naming the person: "clients.csv row 3".
    public let source: String
    public let values: [(field: String, value: Value)]

    public init(source: String, values: [(field: String, value: Value)]) {
        self.source = source
        self.values = values
    }
}

extension RawClient {
    /// Values named by field ids, as CSV headers and the web app's form name them: `surname`;
    /// a field given more than once (ticked checkboxes) is a list; `children.1.name`,
    /// `children.2.name` are the columns of repeating rows, in row order.
    public init(source: String, named cells: [(name: String, value: String)]) {
        var values: [(String, RawClient.Value)] = []
        var rows: [String: [Int: [String: String]]] = [:]
        var rowOrder: [String] = []
        var positions: [String: Int] = [:]
        for (key, cell) in cells {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, let n = Int(parts[1]), n >= 1 {
                let field = String(parts[0])
                if rows[field] == nil { rowOrder.append(field) }
                if !cell.isEmpty { rows[field, default: [:]][n, default: [:]][String(parts[2])] = cell }
                else if rows[field] == nil { rows[field] = [:] }
            } else if let i = positions[key] {
                switch values[i].1 {
                case .text(let first): values[i].1 = .list([first, cell].filter { !$0.isEmpty })
                case .list(let list): values[i].1 = .list(cell.isEmpty ? list : list + [cell])
                case .rows: break
                }
            } else {
                positions[key] = values.count
                values.append((key, .text(cell)))
            }
        }
        for field in rowOrder {
            let numbered = rows[field] ?? [:]
            values.append((field, .rows(numbered.keys.sorted().compactMap { numbered[$0] })))
        }
        self.init(source: source, values: values)
    }
}

/// Reads client data: a JSON object for one client, or CSV with one client per row.
///
/// CSV columns are field ids. A field with several options (checkboxes) lists them separated by
/// `|`; repeating rows use `field.N.column` (`children.1.name`, `children.2.name`, …). Empty
/// cells are unanswered questions.
public enum ClientDataReader {
    /// One client from a JSON object: `{"surname": "…", "means_of_support": ["employment"],
    /// "children": [{"name": "…", "date_of_birth": "2015-03-01"}]}`.
    ///
    /// Parsed by Foundation's JSON parser, not the YAML one: a syntax error is reported by line
    /// and column only (YAML's messages quote the line, that is the client's name and birth
    /// date). A key is named in a message only if it has the shape of a field id
    /// (`ClientValidator.nameable`). Numbers are taken as text (`"postcode": 50999`), null as empty;
    /// a key twice in one object is an error with its line (`duplicateKey`).
    public static func json(_ url: URL, path: String) throws -> RawClient {
        guard var data = try? Data(contentsOf: url) else { throw KimError("\(path): cannot read the file (missing, or not readable).") }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }  // byte-order mark
        guard String(data: data, encoding: .utf8) != nil else { throw KimError("\(path): the file is not UTF-8; save it as UTF-8.") }
        guard data.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw KimError("\(path): the file is empty; give one JSON object with the client's fields.")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw KimError("\(path)\(location(of: error, in: data)): not valid JSON; fix the syntax there (quotes around every text, commas between fields, one object {…}).")
        }
        guard let object = root as? [String: Any] else { throw KimError("\(path): expected one JSON object {\"field\": \"value\", …}") }
        if let (key, line) = duplicateKey(in: data) {
            let which = ClientValidator.nameable(key) ? "the key \(key) appears" : "a key appears"
            throw KimError("\(path):\(line): \(which) twice in one object; keep one")
        }
        func name(_ key: String) -> String { ClientValidator.nameable(key) ? "field \(key)" : "a field whose name is not a field id" }
        func scalar(_ v: Any, _ field: @autoclosure () -> String) throws -> String {
            switch v {
            case let s as String: return s
            case is NSNull: return ""
            case let n as NSNumber: return String(cString: n.objCType) == "c" ? (n.boolValue ? "true" : "false") : n.stringValue
            default: throw KimError("\(path): \(field()): expected a single value (text in quotes)")
            }
        }
        var values: [(String, RawClient.Value)] = []
        // Sorted: a JSON object has no order, and messages should not change from run to run.
        for key in object.keys.sorted() {
            guard let v = object[key] else { continue }
            switch v {
            case let items as [Any]:
                if !items.isEmpty, items.allSatisfy({ $0 is [String: Any] }) {
                    let rows = try items.compactMap { $0 as? [String: Any] }.enumerated().map { i, item -> [String: String] in
                        var row: [String: String] = [:]
                        for (c, cv) in item { row[c] = try scalar(cv, "\(name(key)), row \(i + 1)") }
                        return row
                    }
                    values.append((key, .rows(rows)))
                } else {
                    values.append((key, .list(try items.map { try scalar($0, name(key)) })))
                }
            case is [String: Any]:
                throw KimError("\(path): \(name(key)): expected a value or a list, not an object")
            default:
                values.append((key, .text(try scalar(v, name(key)))))
            }
        }
        return RawClient(source: path, values: values)
    }

    /// The first key that appears twice in one object of valid JSON, and its line: Foundation's
    /// parser keeps the last silently, which would drop one of two answers without a word.
    static func duplicateKey(in data: Data) -> (String, Int)? {
        let bytes = [UInt8](data)
        var objects: [Set<String>?] = []  // per open bracket: the keys seen, nil for an array
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x0A: line += 1
            case UInt8(ascii: "{"): objects.append([])
            case UInt8(ascii: "["): objects.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !objects.isEmpty { objects.removeLast() }
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                guard i < bytes.count else { return nil }
                // A string followed by ':' inside an object is a key; compare keys unescaped.
                var j = i + 1
                while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: ":"), let last = objects.last, var keys = last,
                   let key = (try? JSONSerialization.jsonObject(with: Data(bytes[start...i]), options: .fragmentsAllowed)) as? String {
                    if !keys.insert(key).inserted { return (key, line) }
                    objects[objects.count - 1] = keys
                }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// `:line:column` of a JSON syntax error, from the number in Foundation's message ("around
    /// character 25"); only the number is used, never the message's text. Empty if there is none.
    static func location(of error: any Error, in data: Data) -> String {
        let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        guard let range = message.range(of: #"character [0-9]{1,12}"#, options: .regularExpression),
              let offset = Int(message[range].dropFirst("character ".count)) else { return "" }
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return ":\(line):\(column)"
    }

    /// Reads a CSV file's header; then `next()` gives one client per row, streaming.
    public final class CSV {
        let reader: CSVReader
        let path: String
        public let header: [String]
        public private(set) var rowNumber = 0

        /// Reads the first row as the header; `ClientValidator.checkHeader` checks it against a
        /// form before any row is read (the first row may well be a client).
        public convenience init(url: URL, path: String) throws {
            try self.init(reader: try CSVReader(url: url, path: path), path: path)
        }

        /// CSV held in memory (the web app's upload).
        public convenience init(data: Data, path: String) throws {
            try self.init(reader: CSVReader(data: data, path: path), path: path)
        }

        init(reader: CSVReader, path: String) throws {
            self.reader = reader
            self.path = path
            guard let first = try reader.next() else { throw KimError("\(path): the file is empty; the first row names the fields (surname, given_names, …).") }
            header = first.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        }

        /// The next client, nil at the end. A row that cannot be read (a structural error, extra
        /// cells with values) throws a `KimError` naming its row and line and counts as a row:
        /// call again for the next one. Cells match columns by position; missing cells at the end
        /// of a row are empty answers (spreadsheet programs leave trailing empty cells out) and
        /// extra cells at the end must be empty, so that no value is ever dropped without a word.
        public func next() throws -> RawClient? {
            let row: CSVReader.Row
            do {
                guard let r = try reader.next() else { return nil }
                row = r
            } catch let error as KimError {
                guard let failure = reader.lastFailure else { throw error }  // the file itself, not a row
                rowNumber += 1
                throw KimError("\(path) row \(rowNumber) (line \(failure.line)): \(failure.reason)")
            }
            rowNumber += 1
            let source = "\(path) row \(rowNumber) (line \(row.line))"
            if row.cells.count > header.count, row.cells[header.count...].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                throw KimError("\(source): \(row.cells.count) cells but \(header.count) columns in the first row; remove the extra cells or name their column")
            }
            return RawClient(source: source, named: row.cells.prefix(header.count).enumerated().map { (header[$0.offset], $0.element) })
        }
    }

}

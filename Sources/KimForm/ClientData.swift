public import Foundation
public import KimCore
import KimTemplate
import Yams

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
    public static func json(_ url: URL, path: String) throws -> RawClient {
        guard let data = try? Data(contentsOf: url) else { throw KimError("\(path): cannot read the file (missing, or not readable).") }
        guard let text = String(data: data, encoding: .utf8) else { throw KimError("\(path): the file is not UTF-8; save it as UTF-8.") }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { throw KimError("\(path): the file is empty; give one JSON object with the client's fields.") }
            root = n
        } catch let e as KimError { throw e } catch {
            throw KimError("\(path): not valid JSON (\(String(describing: error).prefix(200))); fix the syntax.")
        }
        func line(_ n: Node) -> Int { n.mark?.line ?? 1 }
        func scalar(_ n: Node, _ field: String) throws -> String {
            guard case .scalar(let s) = n else { throw KimError("\(path):\(line(n)): field \(field): expected a single value (text in quotes)") }
            return s.style == .plain && (s.string == "null" || s.string == "~") ? "" : s.string
        }
        guard case .mapping(let m) = root else { throw KimError("\(path):\(line(root)): expected one JSON object {\"field\": \"value\", …}") }
        var values: [(String, RawClient.Value)] = []
        var seen = Set<String>()
        for (k, v) in m {
            guard let key = k.string else { continue }
            guard seen.insert(key).inserted else { throw KimError("\(path):\(line(k)): field \(key) appears twice; keep one") }
            switch v {
            case .scalar: values.append((key, .text(try scalar(v, key))))
            case .sequence(let items):
                if items.allSatisfy({ if case .mapping = $0 { true } else { false } }), !items.isEmpty {
                    let rows = try items.map { item -> [String: String] in
                        guard case .mapping(let rm) = item else { return [:] }
                        var row: [String: String] = [:]
                        for (ck, cv) in rm { if let c = ck.string { row[c] = try scalar(cv, "\(key).\(c)") } }
                        return row
                    }
                    values.append((key, .rows(rows)))
                } else {
                    values.append((key, .list(try items.map { try scalar($0, key) })))
                }
            case .mapping:
                throw KimError("\(path):\(line(v)): field \(key): expected a value or a list, not an object")
            case .alias:
                throw KimError("\(path):\(line(v)): field \(key): aliases are not allowed")
            }
        }
        return RawClient(source: path, values: values)
    }

    /// Reads a CSV file's header; then `next()` gives one client per row, streaming.
    public final class CSV {
        let reader: CSVReader
        let path: String
        public let header: [String]
        public private(set) var rowNumber = 0

        public init(url: URL, path: String) throws {
            reader = try CSVReader(url: url, path: path)
            self.path = path
            guard let first = try reader.next() else { throw KimError("\(path): the file is empty; the first row names the fields (surname, given_names, …).") }
            header = first.cells.map { $0.trimmingCharacters(in: .whitespaces) }
            var seen = Set<String>()
            for h in header where !seen.insert(h).inserted { throw KimError("\(path):1: the column \(h) appears twice; keep one") }
        }

        public func next() throws -> RawClient? {
            guard let row = try reader.next() else { return nil }
            rowNumber += 1
            let source = "\(path) row \(rowNumber) (line \(row.line))"
            guard row.cells.count <= header.count else {
                throw KimError("\(source): \(row.cells.count) cells but \(header.count) columns in the first row; remove the extra cells")
            }
            return RawClient(source: source, named: row.cells.enumerated().map { (header[$0.offset], $0.element) })
        }
    }

}

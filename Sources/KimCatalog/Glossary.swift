public import Foundation
public import KimCore

/// Key terms with their approved rendering per language, from `Translations/glossary.csv`.
///
/// A spreadsheet-friendly CSV: the first row names the languages (`de,en,ar,…`), each further
/// row is one term. A cell may list several accepted forms separated by `|` (inflected forms,
/// or stems such as `Jobcenter|Джобцентр`). An empty cell means no rule for that language.
/// Lines starting with `#` are comments. Adding a language is adding a column.
public struct Glossary: Sendable {
    public struct Term: Sendable {
        public let german: String
        /// Accepted forms per language.
        public let renderings: [Language: [String]]
        public let line: Int
    }

    public let terms: [Term]
    public let path: String

    public init(terms: [Term], path: String) {
        self.terms = terms
        self.path = path
    }

    public static func load(_ url: URL, displayPath: String) throws -> Glossary {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw KimError("\(displayPath): cannot read the glossary (missing or not UTF-8).")
        }
        return try parse(text, path: displayPath)
    }

    public static func parse(_ text: String, path: String) throws -> Glossary {
        var header: [Language]?
        var terms: [Term] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let cells = try csvCells(line, path: path, line: i + 1)
            guard let languages = header else {
                guard cells.first == "de" else {
                    throw KimError("\(path):\(i + 1): the first row names the languages and starts with de, e.g. de,en,ar,fa")
                }
                header = cells.map { Language($0.trimmingCharacters(in: .whitespaces)) }
                continue
            }
            guard cells.count <= languages.count else {
                throw KimError("\(path):\(i + 1): \(cells.count) cells but \(languages.count) languages in the first row; remove the extra cells or add the language")
            }
            let german = cells[0].trimmingCharacters(in: .whitespaces)
            guard !german.isEmpty else { throw KimError("\(path):\(i + 1): the German term (first cell) is empty") }
            var renderings: [Language: [String]] = [:]
            for (j, cell) in cells.enumerated().dropFirst() {
                let forms = cell.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if !forms.isEmpty { renderings[languages[j]] = forms }
            }
            terms.append(Term(german: german, renderings: renderings, line: i + 1))
        }
        return Glossary(terms: terms, path: path)
    }

    /// Cells of one CSV line: commas separate, double quotes enclose cells with commas, `""` is a quote.
    static func csvCells(_ line: String, path: String, line number: Int) throws -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        if quoted { throw KimError("\(path):\(number): a quoted cell is not closed; end it with \"") }
        cells.append(cell)
        return cells
    }
}

/// One entry of a PO file: a translatable unit with its comments, or the header (empty msgid).
///
/// Strings are stored decoded (escapes resolved). An entry remembers the exact text it was read
/// from; as long as its fields are unchanged the writer emits that text again, so a catalog that
/// was not edited is written back byte for byte.
public struct POEntry: Equatable, Sendable {
    public struct Fields: Equatable, Sendable {
        /// `# ` comments by translators, without the leading `# `.
        public var translatorComments: [String] = []
        /// `#.` comments for translators (where the text appears, what placeholders mean).
        public var extractedComments: [String] = []
        /// `#:` source references, one string per line as written.
        public var references: [String] = []
        /// `#,` flags such as `fuzzy`.
        public var flags: [String] = []
        /// `#|` previous msgctxt / msgid / msgid_plural (the source text the translation was made for).
        public var previousContext: String?
        public var previousID: String?
        public var previousIDPlural: String?
        public var context: String?
        public var id: String = ""
        public var idPlural: String?
        /// msgstr, or msgstr[0], msgstr[1], … for plural entries.
        public var strings: [String] = [""]
        /// `#~` entries: removed from the templates, kept for their translation.
        public var isObsolete = false

        public init() {}
    }

    public var fields: Fields
    /// The text this entry was read from (leading blank lines included), if any.
    let source: String?
    let sourceFields: Fields?
    /// 1-based line where the entry starts in its file, at its first comment or keyword (0 for
    /// new entries).
    public let line: Int
    /// The line of the first line of `source` (blank lines before the entry included).
    let sourceLine: Int
    /// The line of each `msgstr` / `msgstr[n]` keyword as read.
    let stringLines: [Int]

    public init(_ fields: Fields) {
        self.fields = fields
        source = nil
        sourceFields = nil
        line = 0
        sourceLine = 0
        stringLines = []
    }

    init(fields: Fields, source: String, line: Int, sourceLine: Int, stringLines: [Int]) {
        self.fields = fields
        self.source = source
        self.sourceFields = fields
        self.line = line
        self.sourceLine = sourceLine
        self.stringLines = stringLines
    }

    public static func == (a: POEntry, b: POEntry) -> Bool { a.fields == b.fields }

    /// The text the entry was read from, written back while its fields are unchanged.
    public var originalText: String? { source }

    /// The header is the entry with an empty msgid and no context.
    public var isHeader: Bool { fields.id.isEmpty && fields.context == nil && !fields.isObsolete }
    public var isFuzzy: Bool { fields.flags.contains("fuzzy") }
    public var isPlural: Bool { fields.idPlural != nil }
    /// Translated: every msgstr filled.
    public var isTranslated: Bool { !fields.strings.contains { $0.isEmpty } }
    /// Some msgstr filled: what msgfmt counts as translated (or fuzzy), and what an update never drops.
    public var isTranslatedAtAll: Bool { fields.strings.contains { !$0.isEmpty } }

    /// The key that must be unique in a catalog: context and msgid.
    public var key: String { (fields.context ?? "") + "\u{4}" + fields.id }
}

internal import Glibc
internal import Synchronization
internal import Dispatch
internal import Foundation
public import KimCore
import KimUnicode

/// Where words of one language may be hyphenated: TeX patterns from the `hyph_*.dic` files
/// LibreOffice uses (on Debian the `hyphen-*` packages in /usr/share/hyphen), applied the way
/// libhyphen applies them, two levels (compound boundaries, then syllables) included, by
/// kimdoc's own code (`HyphenationPatterns`).
///
/// The pattern file is chosen from the language tag and ICU's likely region, not from a list in
/// code: `hyph_<lang>_<REGION>.dic`, then `hyph_<lang>.dic`, then any `hyph_<lang>_*.dic` in sorted
/// order. A language without one (Arabic, Persian, Tigrinya, Turkish, Kurdish here) has no
/// hyphenator and breaks only where ICU allows. Pattern files declare their charset on their first
/// line (Debian's German is ISO8859-1, Russian KOI8-R, English and Ukrainian UTF-8); words are
/// converted to it and the points mapped back to UTF-16 offsets.
///
/// Loaded once per process and shared; immutable, so concurrent layouts need no lock.
public final class Hyphenator: Sendable {
    /// Where Debian's hyphen-* packages install their patterns.
    public static let defaultDirectory = "/usr/share/hyphen"
    /// Words with fewer characters are never hyphenated.
    public static let minimumWordLength = 5

    public let language: Language
    /// The pattern file, as found (symbolic links not resolved).
    public let file: String
    /// Characters that must stay before / after a hyphenation point.
    public let leftMinimum: Int
    public let rightMinimum: Int

    let patterns: HyphenationPatterns
    /// For single-byte charsets: the byte of each non-ASCII character the patterns can contain.
    private let byteOf: [Unicode.Scalar: UInt8]

    /// Where compiled patterns are kept between processes (`PatternCache`):
    /// `$KIMDOC_CACHE_DIR/hyphenation` if set (empty or relative: no cache), else
    /// `$XDG_CACHE_HOME/kimdoc/hyphenation`, else `~/.cache/kimdoc/hyphenation`; nil without any.
    public static let cacheDirectory: String? = {
        let environment = ProcessInfo.processInfo.environment
        // Like XDG's, only an absolute path counts: a relative one would follow the working folder.
        if let set = environment["KIMDOC_CACHE_DIR"] { return set.hasPrefix("/") ? "\(set)/hyphenation" : nil }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return "\(xdg)/kimdoc/hyphenation" }
        if let home = environment["HOME"], home.hasPrefix("/") { return "\(home)/.cache/kimdoc/hyphenation" }
        return nil
    }()

    /// Left and right minimums by language (typesetting convention, not in the pattern files);
    /// other languages get 2/2. A pattern file's own LEFTHYPHENMIN/RIGHTHYPHENMIN wins if larger.
    static let minimums: [String: (left: Int, right: Int)] = ["de": (2, 3), "en": (2, 3)]

    /// One slot per language tag, each with its own lock: a layout waits only for the language it
    /// needs, while other languages load on other threads.
    private final class Slot: Sendable {
        /// nil until loaded; then the hyphenator, or nil inside for a language without patterns.
        let loaded = Mutex<Hyphenator??>(nil)
    }
    private static let slots = Mutex<[String: Slot]>([:])

    /// The process-wide hyphenator for `language`, nil if no pattern file exists for it.
    ///
    /// The first call for a language loads its patterns (Debian's German file, the largest, in
    /// about ten milliseconds); that language's slot stays locked meanwhile, so concurrent layouts
    /// of the same language wait for that one load instead of each loading a copy, and layouts of
    /// other languages go on (a flyer set loads German, English, Russian and Ukrainian side by side).
    public static func shared(for language: Language) throws -> Hyphenator? {
        let slot = slots.withLock { s in
            if let existing = s[language.tag] { return existing }
            let made = Slot()
            s[language.tag] = made
            return made
        }
        return try slot.loaded.withLock { loaded in
            if let done = loaded { return done }
            let found = try patternFile(for: language).map { try Hyphenator(language: language, file: $0) }
            loaded = .some(found)
            return found
        }
    }

    /// Starts loading the patterns of `languages` on other threads and returns at once: a build
    /// calls it before it reads its templates and catalogs, so that the patterns (German takes
    /// about 20 ms) are ready when the first paragraph is laid out instead of holding up the
    /// layouts that need them. A language being loaded is waited for by `shared(for:)`, never
    /// loaded twice; a failure is left for `shared(for:)` to report.
    public static func startLoading(_ languages: [Language]) {
        for language in Set(languages) where (try? patternFile(for: language)) ?? nil != nil {
            DispatchQueue.global(qos: .userInitiated).async { _ = try? shared(for: language) }
        }
    }

    /// The pattern file for `language` in `directory`, nil if there is none.
    public static func patternFile(for language: Language, in directory: String = defaultDirectory) throws -> String? {
        let base = baseLanguage(language)
        guard !base.isEmpty else { return nil }
        var candidates: [String] = []
        if let region = try LocaleInfo.likelyRegion(of: language) { candidates.append("hyph_\(base)_\(region).dic") }
        candidates.append("hyph_\(base).dic")
        for name in candidates where access("\(directory)/\(name)", R_OK) == 0 { return "\(directory)/\(name)" }
        return listing(directory).filter { $0.hasPrefix("hyph_\(base)_") && $0.hasSuffix(".dic") }.sorted().first
            .map { "\(directory)/\($0)" }
    }

    /// Loads the patterns of `file` for `language`.
    public init(language: Language, file: String) throws {
        let patterns = try HyphenationPatterns(file: file, cache: Self.cacheDirectory)
        var byteOf: [Unicode.Scalar: UInt8] = [:]
        if !patterns.isUTF8 {
            guard let table = Self.decodingTable(charset: patterns.charset) else {
                throw TextError.unsupportedHyphenationCharset(path: file, charset: patterns.charset)
            }
            byteOf = table
        }
        let conventional = Self.minimums[Self.baseLanguage(language)] ?? (left: 2, right: 2)
        self.language = language
        self.file = file
        self.leftMinimum = max(conventional.left, patterns.leftMinimum)
        self.rightMinimum = max(conventional.right, patterns.rightMinimum)
        self.byteOf = byteOf
        self.patterns = patterns
    }

    /// Where `word` may be hyphenated: UTF-16 offsets into `word`, ascending, each the start of
    /// the part that goes to the next line.
    ///
    /// None for words of fewer than five characters, words with digits or other non-letters
    /// inside, all-capital words (abbreviations) and characters the patterns' charset lacks.
    /// Punctuation around the word (quotes, brackets, a full stop) is skipped. Points where the
    /// patterns want a spelling change (old German "ck" → "k-k") are left out. (Nothing throws
    /// since the patterns are kimdoc's own; `throws` stays for callers.)
    public func points(in word: String) throws -> [Int] {
        guard let prepared = prepare(word) else { return [] }
        let values = patterns.values(for: prepared.bytes, leftMinimum: leftMinimum, rightMinimum: rightMinimum)
        return offsets(prepared, breaksAfter: values.map(HyphenationPatterns.isPoint))
    }

    /// A word as the patterns see it: its letters lowercased in the file's charset, with what is
    /// needed to map points back.
    struct PreparedWord {
        /// The letters in the patterns' charset, one character per Unicode scalar of the word.
        let bytes: [UInt8]
        /// UTF-16 offset of the first letter in the word as given.
        let start: Int
        /// UTF-16 length of each letter.
        let lengths: [Int]
    }

    /// `word` ready for the patterns, nil if kimdoc's rules say it has no points.
    func prepare(_ word: String) -> PreparedWord? {
        let scalars = Array(word.unicodeScalars)
        func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark
                || s.properties.generalCategory == .spacingMark
        }
        guard let first = scalars.firstIndex(where: isWordCharacter), let last = scalars.lastIndex(where: isWordCharacter)
        else { return nil }
        let core = scalars[first...last]
        guard core.count >= Self.minimumWordLength, core.allSatisfy(isWordCharacter) else { return nil }
        let cased = core.filter { $0.properties.isCased }
        if !cased.isEmpty && cased.allSatisfy({ $0.properties.isUppercase }) { return nil }

        // Lowercase character by character, so indices stay those of `word`.
        let lowered: [Unicode.Scalar] = core.map { s in
            let l = s.properties.lowercaseMapping.unicodeScalars
            return l.count == 1 ? l[l.startIndex] : s
        }
        guard let bytes = encode(lowered) else { return nil }
        return PreparedWord(
            bytes: bytes, start: scalars[..<first].reduce(0) { $0 + $1.utf16.count }, lengths: core.map { $0.utf16.count })
    }

    /// `scalars` in the patterns' charset, nil if it lacks one of them.
    func encode(_ scalars: [Unicode.Scalar]) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for s in scalars {
            if patterns.isUTF8 {
                UTF8.encode(s) { bytes.append($0) }
            } else if s.isASCII {
                bytes.append(UInt8(s.value))
            } else if let b = byteOf[s] {
                bytes.append(b)
            } else {
                return nil
            }
        }
        return bytes
    }

    /// UTF-16 offsets of the breaks after the letters flagged in `breaksAfter` that keep the
    /// minimums.
    func offsets(_ word: PreparedWord, breaksAfter: [Bool]) -> [Int] {
        var offsets: [Int] = []
        var utf16 = word.start
        for (i, length) in word.lengths.enumerated() {
            utf16 += length
            let after = i + 1
            guard after >= leftMinimum, word.lengths.count - after >= rightMinimum, breaksAfter[i] else { continue }
            offsets.append(utf16)
        }
        return offsets
    }

    /// `de` for `de-CH`, `ku` for `ku-Latn`.
    static func baseLanguage(_ language: Language) -> String {
        String(language.tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }

    /// Characters of a single-byte charset above ASCII, through iconv; nil if iconv does not know it.
    private static func decodingTable(charset: String) -> [Unicode.Scalar: UInt8]? {
        let cd = iconv_open("UTF-32LE", charset)
        guard let cd, Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        var table: [Unicode.Scalar: UInt8] = [:]
        for byte in UInt8(0x80)...UInt8(0xFF) {
            var input: [CChar] = [CChar(bitPattern: byte)]
            var output = [UInt8](repeating: 0, count: 8)
            var inLeft = 1
            var outLeft = output.count
            let n = input.withUnsafeMutableBufferPointer { i in
                output.withUnsafeMutableBufferPointer { o in
                    var ip = i.baseAddress
                    var op = UnsafeMutableRawPointer(o.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                    return iconv(cd, &ip, &inLeft, &op, &outLeft)
                }
            }
            guard n != -1, outLeft == output.count - 4 else { continue }
            let value = UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
            if let s = Unicode.Scalar(value) { table[s] = byte }
        }
        return table
    }

    /// File names in a directory (empty if it cannot be read).
    private static func listing(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            names.append(name)
        }
        return names
    }
}

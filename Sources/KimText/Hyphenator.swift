internal import CHyphen
internal import Glibc
internal import Synchronization
public import KimCore
import KimUnicode

/// Where words of one language may be hyphenated: TeX patterns through libhyphen (the
/// `hyph_*.dic` files LibreOffice uses; on Debian the `hyphen-*` packages in /usr/share/hyphen).
///
/// The pattern file is chosen from the language tag and ICU's likely region, not from a list in
/// code: `hyph_<lang>_<REGION>.dic`, then `hyph_<lang>.dic`, then any `hyph_<lang>_*.dic` in sorted
/// order. A language without one (Arabic, Persian, Tigrinya, Turkish, Kurdish here) has no
/// hyphenator and breaks only where ICU allows. Pattern files declare their charset on their first
/// line (Debian's German is ISO8859-1, Russian KOI8-R, English and Ukrainian UTF-8); words are
/// converted to it and the points mapped back to UTF-16 offsets.
///
/// Loaded once per process and shared; calls into libhyphen (which documents no thread safety)
/// are serialized per dictionary.
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

    /// libhyphen's dictionary, used only under `lock`.
    private nonisolated(unsafe) let dictionary: UnsafeMutablePointer<HyphenDict>
    private let lock = Mutex(())
    private let isUTF8: Bool
    /// For single-byte charsets: the byte of each non-ASCII character the patterns can contain.
    private let byteOf: [Unicode.Scalar: UInt8]

    /// Left and right minimums by language (typesetting convention, not in the pattern files);
    /// other languages get 2/2. A pattern file's own LEFTHYPHENMIN/RIGHTHYPHENMIN wins if larger.
    static let minimums: [String: (left: Int, right: Int)] = ["de": (2, 3), "en": (2, 3)]

    private static let cache = Mutex<[String: Hyphenator?]>([:])

    /// The process-wide hyphenator for `language`, nil if no pattern file exists for it.
    ///
    /// The first call for a language loads its patterns (Debian's German file takes libhyphen about
    /// three seconds); the cache stays locked meanwhile, so concurrent layouts wait for that one
    /// load instead of each loading a copy.
    public static func shared(for language: Language) throws -> Hyphenator? {
        try cache.withLock { c in
            if let cached = c[language.tag] { return cached }
            let found = try patternFile(for: language).map { try Hyphenator(language: language, file: $0) }
            c[language.tag] = found
            return found
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
        guard let dict = hnj_hyphen_load(file) else { throw TextError.unreadableHyphenationPatterns(path: file) }
        let charset = withUnsafeBytes(of: dict.pointee.cset) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        var byteOf: [Unicode.Scalar: UInt8] = [:]
        if dict.pointee.utf8 == 0 {
            guard let table = Self.decodingTable(charset: charset) else {
                hnj_hyphen_free(dict)
                throw TextError.unsupportedHyphenationCharset(path: file, charset: charset)
            }
            byteOf = table
        }
        let conventional = Self.minimums[Self.baseLanguage(language)] ?? (left: 2, right: 2)
        self.language = language
        self.file = file
        self.leftMinimum = max(conventional.left, Int(dict.pointee.lhmin))
        self.rightMinimum = max(conventional.right, Int(dict.pointee.rhmin))
        self.isUTF8 = dict.pointee.utf8 != 0
        self.byteOf = byteOf
        self.dictionary = dict
    }

    deinit { hnj_hyphen_free(dictionary) }

    /// Where `word` may be hyphenated: UTF-16 offsets into `word`, ascending, each the start of
    /// the part that goes to the next line.
    ///
    /// None for words of fewer than five characters, words with digits or other non-letters
    /// inside, all-capital words (abbreviations) and characters the patterns' charset lacks.
    /// Punctuation around the word (quotes, brackets, a full stop) is skipped.
    public func points(in word: String) throws -> [Int] {
        let scalars = Array(word.unicodeScalars)
        func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark
                || s.properties.generalCategory == .spacingMark
        }
        guard let first = scalars.firstIndex(where: isWordCharacter), let last = scalars.lastIndex(where: isWordCharacter)
        else { return [] }
        let core = scalars[first...last]
        guard core.count >= Self.minimumWordLength, core.allSatisfy(isWordCharacter) else { return [] }
        let cased = core.filter { $0.properties.isCased }
        if !cased.isEmpty && cased.allSatisfy({ $0.properties.isUppercase }) { return [] }

        // Lowercase character by character, so indices stay those of `word`.
        let lowered: [Unicode.Scalar] = core.map { s in
            let l = s.properties.lowercaseMapping.unicodeScalars
            return l.count == 1 ? l[l.startIndex] : s
        }
        var bytes: [UInt8] = []
        if isUTF8 {
            for s in lowered { bytes += Array(String(s).utf8) }
        } else {
            for s in lowered {
                if s.isASCII {
                    bytes.append(UInt8(s.value))
                } else if let b = byteOf[s] {
                    bytes.append(b)
                } else {
                    return []
                }
            }
        }

        // libhyphen reads the word as a C string too (strstr for NOHYPHEN entries): it must end
        // in NUL, which is not counted in its size.
        let size = bytes.count
        bytes.append(0)
        var hyphens = [CChar](repeating: 0, count: size + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var pos: UnsafeMutablePointer<Int32>? = nil
        var cut: UnsafeMutablePointer<Int32>? = nil
        let status = lock.withLock { _ in
            bytes.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { c in
                    hnj_hyphen_hyphenate2(dictionary, c.baseAddress, Int32(size), &hyphens, nil, &rep, &pos, &cut)
                }
            }
        }
        // Non-standard hyphenation (a spelling change at the break, e.g. old German "ck" → "k-k")
        // is not supported: such points are dropped.
        var changed = Set<Int>()
        if let rep {
            for i in 0..<size where rep[i] != nil {
                changed.insert(i)
                free(rep[i])
            }
            free(rep)
        }
        free(pos)
        free(cut)
        guard status == 0 else { throw TextError.hyphenationFailed(word: word, path: file) }

        // hyphens[i] odd: a break after character i (libhyphen maps UTF-8 bytes back to characters).
        var offsets: [Int] = []
        var utf16 = scalars[..<first].reduce(0) { $0 + $1.utf16.count }
        for (i, s) in core.enumerated() {
            utf16 += s.utf16.count
            let after = i + 1
            guard after >= leftMinimum, core.count - after >= rightMinimum, hyphens[i] & 1 == 1, !changed.contains(i) else {
                continue
            }
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

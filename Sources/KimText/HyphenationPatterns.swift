internal import Glibc

/// A hyphenation pattern file in libhyphen's format (the `hyph_*.dic` files LibreOffice uses and
/// Debian ships in /usr/share/hyphen), compiled into tries, and libhyphen's way of applying it:
/// kimdoc's own implementation, so that loading Debian's 1 MB German file takes milliseconds
/// instead of libhyphen's seconds. The differential test (`HyphenationDifferentialTests`) holds
/// it to libhyphen 2.8's `hnj_hyphen_hyphenate3`.
///
/// The format: a charset on the first line, then one TeX pattern a line (letters with digits
/// between them, `.` for a word edge; an odd digit allows a break, the highest digit at a place
/// wins), `%` comment lines, the keywords LEFTHYPHENMIN, RIGHTHYPHENMIN, COMPOUNDLEFTHYPHENMIN,
/// COMPOUNDRIGHTHYPHENMIN and NOHYPHEN (comma-separated sequences next to which no break is
/// allowed), and optionally NEXTLEVEL, which starts a second set of patterns. With two levels
/// (Debian's German: 69,000 words and compounds, then 8,700 syllable patterns) the first level
/// finds compound boundaries; each part between them is hyphenated again the same way, and a part
/// without boundaries by the next level, keeping the compound minimums at inner boundaries. A
/// file with one level gets libhyphen's implicit first level: boundaries at hyphens and
/// apostrophes.
///
/// Matching follows libhyphen, not textbook Liang: at each position only the longest pattern
/// prefix ending there counts, and only if it is itself a pattern. The files are made for this
/// (their patterns carry the digits of the shorter patterns inside them); applying every pattern
/// that matches would give other points for about one word in twenty.
///
/// Loading parses the file (German in about 20 ms and 8 MB for a moment in a release build) the
/// first time and keeps the compiled tries in a cache file that later processes map
/// (`PatternCache`, see README.md of KimText).
struct HyphenationPatterns: Sendable {
    /// The charset named on the first line, e.g. "UTF-8", "ISO8859-1", "KOI8-R".
    let charset: String
    let isUTF8: Bool
    /// Outermost first: the compound level, then the patterns applied to each part.
    let levels: [PatternTrie]
    /// The first level's LEFTHYPHENMIN and RIGHTHYPHENMIN, 0 if the file declares none.
    let leftMinimum: Int
    let rightMinimum: Int
    /// Characters to keep next to an inner compound boundary.
    let compoundLeftMinimum: Int
    let compoundRightMinimum: Int
    /// Byte sequences next to which no break is allowed (the first level's NOHYPHEN).
    let noHyphen: [[UInt8]]

    /// Loads the file at `path`: from its compiled form in `cache` (a directory, see
    /// `PatternCache`) when that is there and current, else by parsing it, and then keeps the
    /// compiled form there for the next process.
    init(file path: String, cache: String? = nil) throws {
        if let cache, let cached = PatternCache.load(path, from: cache) {
            self = cached
            return
        }
        let stamp = PatternCache.SourceStamp(path: path)
        guard let bytes = Self.contents(of: path), let parsed = bytes.withUnsafeBufferPointer({ Self(parsing: $0) }) else {
            throw TextError.unreadableHyphenationPatterns(path: path)
        }
        self = parsed
        // Only if the file did not change while it was read.
        if let cache, let stamp, stamp.size == bytes.count, PatternCache.SourceStamp(path: path) == stamp {
            PatternCache.store(parsed, compiledFrom: path, stamp: stamp, in: cache)
        }
    }

    /// Writes everything but the charset's name's derived flag, for `PatternCache`.
    func serialize(into out: inout CacheWriter) {
        out.bytes(Array(charset.utf8))
        for value in [leftMinimum, rightMinimum, compoundLeftMinimum, compoundRightMinimum, noHyphen.count, levels.count] { out.int(value) }
        for sequence in noHyphen { out.bytes(sequence) }
        for level in levels { level.serialize(into: &out) }
    }

    /// Patterns written by `serialize`, their tries read in place from `mapping`; nil if
    /// anything does not fit.
    init?(reading input: inout CacheReader, mapping: MappedFile) {
        guard let name = input.array(limit: 64), let charset = String(validating: name, as: UTF8.self),
            let left = input.int(), let right = input.int(), let compoundLeft = input.int(), let compoundRight = input.int(),
            let sequences = input.int(), let levelCount = input.int(),
            (0...1000).contains(sequences), (1...2).contains(levelCount),
            [left, right, compoundLeft, compoundRight].allSatisfy({ (0...64).contains($0) })
        else { return nil }
        var noHyphen: [[UInt8]] = []
        for _ in 0..<sequences {
            guard let sequence = input.array(limit: 256) else { return nil }
            noHyphen.append(sequence)
        }
        var levels: [PatternTrie] = []
        for _ in 0..<levelCount {
            guard let trie = PatternTrie(reading: &input, mapping: mapping) else { return nil }
            levels.append(trie)
        }
        guard input.remaining == 0 else { return nil }
        self.charset = charset
        self.isUTF8 = charset == "UTF-8"
        self.levels = levels
        self.leftMinimum = left
        self.rightMinimum = right
        self.compoundLeftMinimum = compoundLeft
        self.compoundRightMinimum = compoundRight
        self.noHyphen = noHyphen
    }

    /// Parses a pattern file's bytes; nil if there is no pattern in it.
    init?(parsing bytes: UnsafeBufferPointer<UInt8>) {
        var lines = LineReader(bytes)
        guard let first = lines.next() else { return nil }
        let charset = String(decoding: first.prefix { $0 != cr && $0 != lf }, as: UTF8.self)
        let isUTF8 = charset == "UTF-8"
        var builders = [PatternTrie.Builder(expectedLetters: bytes.count)]
        var settings = [LevelSettings()]
        var line = LineParser()
        while let text = lines.next() {
            if text.first == UInt8(ascii: "N") && text.starts(with: "NEXTLEVEL".utf8) {
                // libhyphen reads two levels at most: a further NEXTLEVEL ends the file.
                guard builders.count == 1 else { break }
                builders.append(PatternTrie.Builder(expectedLetters: bytes.count / 4))
                settings.append(LevelSettings())
                continue
            }
            line.parse(text, into: &builders[builders.count - 1], settings: &settings[settings.count - 1])
        }
        guard line.patterns > 0 else { return nil }

        var top = settings[0]
        if builders.count == 1 {
            // libhyphen's implicit first level: break at hyphens and apostrophes (and, in UTF-8,
            // en dashes and typographic apostrophes), never next to them within a part; compound
            // minimums from the file, else its minimums, else 3.
            var implicit = PatternTrie.Builder()
            var implicitSettings = LevelSettings()
            let marks = isUTF8 ? ["-", "'", "\u{2013}", "\u{2019}"] : ["-", "'"]
            for mark in marks {
                let pattern = Array("1\(mark)1\n".utf8)
                pattern.withUnsafeBufferPointer { line.parse($0[...], into: &implicit, settings: &implicitSettings) }
            }
            let file = settings[0]
            top.noHyphen = marks.map { Array($0.utf8) }
            top.compoundLeft = file.compoundLeft != 0 ? file.compoundLeft : (file.left != 0 ? file.left : 3)
            top.compoundRight = file.compoundRight != 0 ? file.compoundRight : (file.right != 0 ? file.right : 3)
            builders.insert(implicit, at: 0)
        }
        self.charset = charset
        self.isUTF8 = isUTF8
        self.levels = builders.map { $0.build() }
        self.leftMinimum = top.left
        self.rightMinimum = top.right
        self.compoundLeftMinimum = top.compoundLeft
        self.compoundRightMinimum = top.compoundRight
        self.noHyphen = top.noHyphen
    }

    /// Where `word` may break: for each of its characters (bytes in the file's charset, UTF-8
    /// sequences in UTF-8 files) a value, odd if the word may break after it. A value with
    /// `PatternTrie.nonStandard` set comes from a pattern that changes the spelling there.
    ///
    /// What libhyphen's `hnj_hyphen_hyphenate3(…, leftMinimum, rightMinimum, 0, 0)` gives: the
    /// file's own minimums win if larger. `word` must not contain NUL.
    func values(for word: [UInt8], leftMinimum: Int, rightMinimum: Int) -> [UInt8] {
        guard !word.isEmpty else { return [] }
        let left = max(leftMinimum, self.leftMinimum)
        let right = max(rightMinimum, self.rightMinimum)
        var v = values(word, level: 0, atStart: true, atEnd: true)
        keepLeft(&v, word, left > 0 ? left : 2)
        keepRight(&v, word, right > 0 ? right : 2)
        for sequence in noHyphen where !sequence.isEmpty {
            var from = 0
            while let at = Self.firstIndex(of: sequence, in: word, from: from) {
                v[at + sequence.count - 1] = 0
                if at > 0 { v[at - 1] = 0 }
                from = at + 1
            }
        }
        return isUTF8 ? Self.perCharacter(v, word) : v
    }

    /// Whether a value from `values(for:…)` is a hyphenation point kimdoc uses: odd, and without a
    /// spelling change (those are not supported).
    static func isPoint(_ value: UInt8) -> Bool { value & 1 == 1 && value & PatternTrie.nonStandard == 0 }

    // MARK: - The algorithm

    /// One level's values for `word` (a word or a part of one), recursing into its compound parts.
    /// `atStart`/`atEnd`: the part begins/ends the whole word, so no compound minimum applies there.
    private func values(_ word: [UInt8], level: Int, atStart: Bool, atEnd: Bool) -> [UInt8] {
        // Digits stand for word edges, as in libhyphen (kimdoc never passes any).
        let text = word.map { Self.isDigit($0) ? dot : $0 }
        var v = matches(text, in: levels[level])
        guard level + 1 < levels.count else { return v }
        let n = text.count
        var begin = 0
        for i in 0..<n where v[i] & 1 == 1 || (begin > 0 && i + 1 == n) {
            // A compound part ends after byte i: hyphenate it on its own, with this level first
            // (it may itself be a compound). As in libhyphen 2.8.8 (Debian 12), a part of two
            // bytes keeps this level's values, and so does the place before a part's last byte;
            // newer upstream sources take both from the part, which differs only where a
            // compound or right minimum is below 2 (kimdoc's minimums never are).
            if i - begin > 1 {
                let part = values(
                    Array(text[begin...i]), level: level, atStart: begin == 0 && atStart, atEnd: v[i] & 1 == 0 && atEnd)
                v.replaceSubrange(begin..<(i - 1), with: part[..<(i - begin - 1)])
            }
            begin = i + 1
        }
        if begin == 0 {
            // No boundary: the next level, with the compound minimums at inner edges.
            v = values(word, level: level + 1, atStart: atStart, atEnd: atEnd)
            if !atStart { keepLeft(&v, word, compoundLeftMinimum) }
            if !atEnd { keepRight(&v, word, compoundRightMinimum) }
        }
        return v
    }

    /// The patterns of `trie` applied to `word` between two word-edge dots: for each byte the
    /// highest value after it (the last byte's is 0).
    private func matches(_ word: [UInt8], in trie: PatternTrie) -> [UInt8] {
        var text: [UInt8] = [dot]
        text.reserveCapacity(word.count + 2)
        text.append(contentsOf: word)
        text.append(dot)
        // after[x]: the value between text[x] and text[x + 1].
        var after = [UInt8](repeating: 0, count: text.count)
        // The longest suffix of the text read so far that is a prefix of a pattern: its node and length.
        var node = PatternTrie.root
        var depth = 0
        for i in text.indices {
            let c = text[i]
            while true {
                if let next = trie.child(of: node, c) {
                    node = next
                    depth += 1
                    break
                }
                if depth == 0 { break }
                // Fall back to the longest shorter suffix that is a pattern prefix, and retry.
                depth -= 1
                node = PatternTrie.root
                while depth > 0 {
                    if let shorter = trie.node(of: text[(i - depth)..<i]) {
                        node = shorter
                        break
                    }
                    depth -= 1
                }
            }
            // The pattern's letters are text[(i - depth + 1)...i]; its value k goes after
            // text[i - depth + k].
            guard depth > 0, let pattern = trie.patternValues(at: node, depth: depth) else { continue }
            for (k, value) in pattern.enumerated() {
                let x = i - depth + k
                let d = value & PatternTrie.digit
                guard x >= 0, d > after[x] & PatternTrie.digit else { continue }
                after[x] = d & 1 == 1 ? value : d
            }
        }
        let n = word.count
        return (0..<n).map { $0 + 1 < n ? after[$0 + 1] : 0 }
    }

    /// Clears the values of the first characters of `word` so that at least `minimum` stand before
    /// a break (libhyphen's left minimum: leading digits do not count; in UTF-8 the ligatures
    /// ﬃ and ﬄ count as two).
    private func keepLeft(_ v: inout [UInt8], _ w: [UInt8], _ minimum: Int) {
        var count = 1 + ligatureExtra(w, at: 0)
        var j = 0
        while j < w.count && Self.isDigit(w[j]) {
            count -= 1
            j += 1
        }
        j = 0
        while count < minimum && j < w.count {
            repeat {
                v[j] = 0
                j += 1
                count += ligatureExtra(w, at: j)
            } while isUTF8 && j < w.count && w[j] & 0xC0 == 0x80
            count += 1
        }
    }

    /// Clears the values of the last characters so that at least `minimum` stand after a break
    /// (libhyphen's right minimum: trailing digits do not count).
    private func keepRight(_ v: inout [UInt8], _ w: [UInt8], _ minimum: Int) {
        var count = 0
        var j = w.count - 1
        while j > 0 && Self.isDigit(w[j]) {
            count -= 1
            j -= 1
        }
        j = w.count - 1
        while count < minimum && j > 0 {
            v[j] = 0
            if !isUTF8 || w[j] & 0xC0 != 0x80 { count += 1 }
            j -= 1
        }
    }

    /// 1 for the ligatures ﬃ and ﬄ (U+FB03, U+FB04) starting at `j` in UTF-8, else 0.
    private func ligatureExtra(_ w: [UInt8], at j: Int) -> Int {
        guard isUTF8, j + 2 < w.count, w[j] == 0xEF, w[j + 1] == 0xAC else { return 0 }
        return w[j + 2] == 0x83 || w[j + 2] == 0x84 ? 1 : 0
    }

    /// Byte values to character values: a UTF-8 character takes its last byte's value.
    private static func perCharacter(_ v: [UInt8], _ word: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        for (i, b) in word.enumerated() {
            if b & 0xC0 != 0x80 || out.isEmpty { out.append(v[i]) } else { out[out.count - 1] = v[i] }
        }
        return out
    }

    private static func firstIndex(of sequence: [UInt8], in word: [UInt8], from: Int) -> Int? {
        guard sequence.count <= word.count else { return nil }
        var i = from
        while i + sequence.count <= word.count {
            if word[i..<(i + sequence.count)].elementsEqual(sequence) { return i }
            i += 1
        }
        return nil
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    // MARK: - Reading the file

    /// The keywords of one level.
    struct LevelSettings {
        var left = 0
        var right = 0
        var compoundLeft = 0
        var compoundRight = 0
        var noHyphen: [[UInt8]] = []
    }

    /// Reads lines as libhyphen does: keywords at the start of a line, everything else a pattern.
    struct LineParser {
        private(set) var patterns = 0
        /// Room for one line's letters and digits.
        private var scratch = [UInt8](repeating: 0, count: 256)

        /// `line` includes its line feed, if it has one.
        mutating func parse(_ line: Line, into trie: inout PatternTrie.Builder, settings: inout LevelSettings) {
            guard let first = line.first, first != UInt8(ascii: "%") else { return }
            if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") {
                func value(_ keyword: String) -> Int? {
                    line.starts(with: keyword.utf8) ? Self.integer(line.dropFirst(keyword.utf8.count)) : nil
                }
                if let n = value("LEFTHYPHENMIN") {
                    settings.left = n
                    return
                } else if let n = value("RIGHTHYPHENMIN") {
                    settings.right = n
                    return
                } else if let n = value("COMPOUNDLEFTHYPHENMIN") {
                    settings.compoundLeft = n
                    return
                } else if let n = value("COMPOUNDRIGHTHYPHENMIN") {
                    settings.compoundRight = n
                    return
                } else if line.starts(with: "NOHYPHEN".utf8) {
                    settings.noHyphen = Self.noHyphen(line.dropFirst(8))
                    return
                }
            }
            // A pattern; a `/` anywhere starts a spelling change (a non-standard pattern), and the
            // pattern ends at the first space or control character.
            if scratch.count < line.count + 1 { scratch = [UInt8](repeating: 0, count: 2 * (line.count + 1)) }
            var nonStandard = false
            var letterCount = 0
            let half = scratch.count / 2
            scratch.withUnsafeMutableBufferPointer { buffer in
                // Letters in the first half of the scratch buffer, digits in the second.
                guard let letters = buffer.baseAddress else { return }
                let digits = letters + half
                digits[0] = 0
                var ended = false
                for b in line {
                    if b == UInt8(ascii: "/") {
                        nonStandard = true
                        break
                    }
                    if ended || b <= 0x20 {
                        ended = true
                    } else if b >= 0x30 && b <= 0x39 {
                        digits[letterCount] = b - 0x30
                    } else {
                        letters[letterCount] = b
                        letterCount += 1
                        digits[letterCount] = 0
                    }
                }
                // A pattern without letters would belong to the root, which libhyphen never applies.
                guard letterCount > 0 else { return }
                trie.insert(
                    letters: UnsafeBufferPointer(start: letters, count: letterCount),
                    digits: UnsafeBufferPointer(start: digits, count: letterCount + 1), nonStandard: nonStandard)
            }
            if letterCount > 0 { patterns += 1 }
        }

        /// C's atoi: blanks, a sign, digits.
        private static func integer(_ s: Line.SubSequence) -> Int {
            var rest = s.drop { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
            var sign = 1
            if let f = rest.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
                if f == UInt8(ascii: "-") { sign = -1 }
                rest = rest.dropFirst()
            }
            var n = 0
            for b in rest {
                guard b >= 0x30 && b <= 0x39, n < 1_000_000 else { break }
                n = n * 10 + Int(b - 0x30)
            }
            return sign * n
        }

        /// The sequences after NOHYPHEN: blanks skipped, the line's last byte (its line feed)
        /// dropped, split at commas (a comma in first place is part of the first sequence).
        private static func noHyphen(_ s: Line.SubSequence) -> [[UInt8]] {
            let value = Array(s.drop { $0 == 0x20 || $0 == 0x09 }.dropLast())
            var out: [[UInt8]] = []
            var current: [UInt8] = []
            for (i, b) in value.enumerated() {
                if b == UInt8(ascii: ","), i > 0 {
                    out.append(current)
                    current = []
                } else {
                    current.append(b)
                }
            }
            out.append(current)
            return out
        }
    }

    /// A line of the file, with its line feed if it has one.
    typealias Line = Slice<UnsafeBufferPointer<UInt8>>

    /// Lines of a byte buffer, each with its line feed.
    struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func next() -> Line? {
            guard position < bytes.count else { return nil }
            let start = position
            let rest = bytes.count - position
            if let base = bytes.baseAddress, let end = memchr(base + position, Int32(lf), rest) {
                position += base.distance(to: end.assumingMemoryBound(to: UInt8.self)) - position + 1
            } else {
                position = bytes.count
            }
            return bytes[start..<position]
        }
    }

    /// The bytes of the file at `path`, nil if it cannot be read.
    private static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = read(fd, buffer.baseAddress.map { $0 + count }, size - count)
                if n <= 0 {
                    failed = n < 0
                    break
                }
                count += n
            }
        }
        return failed ? nil : bytes
    }
}

private let dot = UInt8(ascii: ".")
private let lf = UInt8(ascii: "\n")
private let cr = UInt8(ascii: "\r")

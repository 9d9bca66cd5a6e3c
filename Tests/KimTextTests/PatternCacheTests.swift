import Foundation
import Testing

@testable import KimText
import KimTestSupport

/// The compiled hyphenation patterns kept between processes (`PatternCache`): what a later
/// process maps must hyphenate exactly as the parsed file does, a changed pattern file must be
/// parsed again, and a damaged cache file must be ignored and replaced, never trusted.
@Suite("Hyphenation pattern cache")
struct PatternCacheTests {
    /// Debian's pattern files installed here (German, English, Russian, Ukrainian with
    /// hyphen-de/-en-us/-ru/-uk), symbolic links left out.
    static func patternFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Hyphenator.defaultDirectory)) ?? []
        return names.filter { $0.hasSuffix(".dic") }.sorted().map { "\(Hyphenator.defaultDirectory)/\($0)" }.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: $0)) == nil
        }
    }

    /// Words made of the file's own patterns (letters without digits and dots), alone and two
    /// after another: they walk every part of the trie, in the file's charset.
    static func words(of path: String, limit: Int = 4000) throws -> [[UInt8]] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var letters: [[UInt8]] = []
        for line in bytes.split(separator: 0x0A).dropFirst() {
            guard let first = line.first, first != UInt8(ascii: "%"), !(first >= 0x41 && first <= 0x5A) else { continue }
            let word = line.filter { !($0 >= 0x30 && $0 <= 0x39) && $0 != UInt8(ascii: ".") && $0 != 0x0D && $0 != UInt8(ascii: "/") }
            if word.count >= 2 { letters.append(Array(word)) }
        }
        let step = max(1, letters.count / limit)
        var out: [[UInt8]] = []
        for i in stride(from: 0, to: letters.count - 1, by: step) {
            out.append(letters[i])
            out.append(letters[i] + letters[i + 1])
        }
        return out
    }

    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-hyph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test("Mapped from the cache, every installed pattern file hyphenates as the parsed file does")
    func sameAsParsed() throws {
        let files = Self.patternFiles()
        #expect(files.count >= 4, "hyphen-de, -en-us, -ru and -uk are installed by scripts/install-system-packages")
        let cache = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        for path in files {
            let parsed = try HyphenationPatterns(file: path)
            let first = try HyphenationPatterns(file: path, cache: cache)
            #expect(FileManager.default.fileExists(atPath: PatternCache.file(for: path, in: cache)), "\(path): no cache file written")
            let mapped = try #require(PatternCache.load(path, from: cache), "\(path): the cache file is not accepted")
            #expect(mapped.charset == parsed.charset && mapped.levels.count == parsed.levels.count)
            #expect(mapped.levels.map(\.nodeCount) == parsed.levels.map(\.nodeCount))
            #expect(mapped.levels.map(\.patternCount) == parsed.levels.map(\.patternCount))
            #expect(mapped.noHyphen == parsed.noHyphen)
            let minimums: [Int] = [mapped.leftMinimum, mapped.rightMinimum, mapped.compoundLeftMinimum, mapped.compoundRightMinimum]
            let parsedMinimums: [Int] = [parsed.leftMinimum, parsed.rightMinimum, parsed.compoundLeftMinimum, parsed.compoundRightMinimum]
            #expect(minimums == parsedMinimums)
            var differing = 0
            let words = try Self.words(of: path)
            #expect(words.count > 200)
            for word in words {
                let expected = parsed.values(for: word, leftMinimum: 2, rightMinimum: 2)
                if mapped.values(for: word, leftMinimum: 2, rightMinimum: 2) != expected
                    || first.values(for: word, leftMinimum: 2, rightMinimum: 2) != expected
                {
                    differing += 1
                }
            }
            #expect(differing == 0, "\(path): \(differing) of \(words.count) words hyphenated differently from the cache")
        }
        // The German words kimdoc's own tests know, through the Hyphenator as a build uses it.
        let german = try #require(files.first { $0.contains("hyph_de") })
        let viaCache = try HyphenationPatterns(file: german, cache: cache)
        let word = Array("silbentrennung".utf8)
        #expect(viaCache.values(for: word, leftMinimum: 2, rightMinimum: 3).map(HyphenationPatterns.isPoint)
            == (try HyphenationPatterns(file: german)).values(for: word, leftMinimum: 2, rightMinimum: 3).map(HyphenationPatterns.isPoint))
    }

    /// A small pattern file of our own in a folder of the test's.
    static func writePatterns(_ lines: [String], to path: String) throws {
        try Data((["UTF-8"] + lines).joined(separator: "\n").utf8 + [0x0A]).write(to: URL(fileURLWithPath: path))
    }

    @Test("A current cache file is used without reading the pattern file; a changed pattern file is parsed again")
    func stampDecides() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/hyph_xx.dic", cache = "\(folder)/cache"
        try Self.writePatterns(["a1b", "1ba"], to: path)
        let word = Array("abab".utf8)
        let original = try HyphenationPatterns(file: path, cache: cache).values(for: word, leftMinimum: 1, rightMinimum: 1)
        #expect(original.map(HyphenationPatterns.isPoint) == [true, false, true, false])

        // The same size and modification time, other patterns: the cache is believed (this is how
        // it tells a current file without reading it).
        var info = stat()
        #expect(stat(path, &info) == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data("UTF-8\na3b\n3ba\n".utf8))
        try handle.close()
        var times = [info.st_atim, info.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect(try HyphenationPatterns(file: path, cache: cache).values(for: word, leftMinimum: 1, rightMinimum: 1) == original)

        // A new modification time: parsed again, and the cache file replaced.
        times[1].tv_sec += 10
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let changed = try HyphenationPatterns(file: path, cache: cache).values(for: word, leftMinimum: 1, rightMinimum: 1)
        #expect(changed == [3, 0, 3, 0])
        #expect(try #require(PatternCache.load(path, from: cache)).values(for: word, leftMinimum: 1, rightMinimum: 1) == changed)
    }

    @Test("A damaged cache file is ignored and replaced: a flipped byte, a truncated file, another format, garbage")
    func damaged() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try #require(Self.patternFiles().first { $0.contains("hyph_en") })
        let cache = "\(folder)/cache"
        let parsed = try HyphenationPatterns(file: path)
        _ = try HyphenationPatterns(file: path, cache: cache)
        let file = PatternCache.file(for: path, in: cache)
        let sound = try Data(contentsOf: URL(fileURLWithPath: file))
        let word = Array("hyphenation".utf8)
        let expected = parsed.values(for: word, leftMinimum: 2, rightMinimum: 3)

        var flipped = sound
        flipped[sound.count / 2] ^= 0x5A
        var otherFormat = sound
        otherFormat[8] ^= 0x01
        let damages: [(String, Data)] = [
            ("a flipped byte", flipped), ("truncated", sound.prefix(sound.count - 100)), ("the header only", sound.prefix(40)),
            ("another format version", otherFormat), ("garbage", Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 37) })), ("empty", Data()),
        ]
        for (what, bytes) in damages {
            try bytes.write(to: URL(fileURLWithPath: file))
            let refused = PatternCache.load(path, from: cache) == nil
            #expect(refused, "\(what): accepted")
            let loaded = try HyphenationPatterns(file: path, cache: cache)
            #expect(loaded.values(for: word, leftMinimum: 2, rightMinimum: 3) == expected, "\(what)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == sound, "\(what): the cache file was not replaced")
        }
    }

    @Test("A trie whose checksum is right but whose structure is not is refused")
    func unsoundTrie() throws {
        let t = PatternTrieTests.trie((0..<600).map { i in
            let letters = Array("w\(i)x".utf8)
            return (letters, [UInt8](repeating: 1, count: letters.count + 1), false)
        })
        var out = CacheWriter()
        t.serialize(into: &out)
        let n = t.nodeCount, blocks = (n + 1 + 255) / 256
        func padded(_ x: Int) -> Int { (x + 7) & ~7 }
        final class Bytes { var data: [UInt8]; init(_ d: [UInt8]) { data = d } }
        // Sound as written.
        let sound = Bytes(out.data)
        let ok = sound.data.withUnsafeBytes { raw -> Bool in
            var reader = CacheReader(raw)
            return PatternTrie(reading: &reader, mapping: sound) != nil
        }
        #expect(ok)
        // Children that point past the nodes; ranks that do not count the end bits.
        let childOffsets = 24 + padded(n) + padded(blocks * 4)
        let ranks = childOffsets + padded((n + 1) * 2) + padded((n + 63) / 64 * 8)
        for (what, at) in [("child offsets", childOffsets + 20), ("ranks", ranks + 4)] {
            let broken = Bytes(out.data)
            for k in at..<(at + 4) { broken.data[k] = 0xFF }
            let refused = broken.data.withUnsafeBytes { raw -> Bool in
                var reader = CacheReader(raw)
                return PatternTrie(reading: &reader, mapping: broken) == nil
            }
            #expect(refused, "\(what): an unsound trie was accepted")
        }
    }

    @Test("A cache folder that cannot be written only means parsing each time")
    func unwritable() throws {
        let path = try #require(Self.patternFiles().first { $0.contains("hyph_ru") })
        let patterns = try HyphenationPatterns(file: path, cache: "/dev/null/kimdoc")
        #expect(patterns.levels.count == 2)
        let none = PatternCache.load(path, from: "/dev/null/kimdoc") == nil
        #expect(none)
    }
}

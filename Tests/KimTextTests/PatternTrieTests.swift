import Testing

@testable import KimText
import KimTestSupport

/// The trie the hyphenation patterns are compiled into, against a plain dictionary of the same
/// patterns: every prefix a node, every pattern its values (the last given, for one given twice),
/// nothing else a pattern, the breadth-first layout intact across its 256-node blocks.
@Suite("Pattern trie")
struct PatternTrieTests {
    /// Builds a trie from `patterns` (letters, values) in the given order.
    static func trie(_ patterns: [([UInt8], [UInt8], Bool)]) -> PatternTrie {
        var builder = PatternTrie.Builder()
        for (letters, digits, nonStandard) in patterns {
            letters.withUnsafeBufferPointer { l in
                digits.withUnsafeBufferPointer { d in builder.insert(letters: l, digits: d, nonStandard: nonStandard) }
            }
        }
        return builder.build()
    }

    @Test("A small unsorted set: nodes, labels, values, a pattern given twice")
    func small() throws {
        let t = Self.trie([
            (Array("ab".utf8), [0, 1, 0], false),
            (Array("a".utf8), [2, 0], false),
            (Array("ba".utf8), [0, 3, 0], true),
            (Array("ab".utf8), [0, 5, 0], false),
        ])
        // Prefixes: root, a, ab, b, ba.
        #expect(t.nodeCount == 5)
        #expect(t.patternCount == 3)
        let a = try #require(t.child(of: PatternTrie.root, UInt8(ascii: "a")))
        let b = try #require(t.child(of: PatternTrie.root, UInt8(ascii: "b")))
        // Breadth first: the root's children first, in byte order.
        #expect([a, b] == [1, 2])
        #expect(t.child(of: PatternTrie.root, UInt8(ascii: "c")) == nil)
        #expect(Array(try #require(t.patternValues(at: a, depth: 1))) == [2, 0])
        #expect(t.patternValues(at: b, depth: 1) == nil)
        let ab = try #require(t.node(of: Array("ab".utf8)[...]))
        #expect(Array(try #require(t.patternValues(at: ab, depth: 2))) == [0, 5, 0])
        let ba = try #require(t.node(of: Array("ba".utf8)[...]))
        #expect(Array(try #require(t.patternValues(at: ba, depth: 2))) == [0, 3, 0].map { $0 | PatternTrie.nonStandard })
        #expect(t.node(of: Array("abc".utf8)[...]) == nil)
    }

    @Test("No patterns: only the root")
    func empty() {
        let t = Self.trie([])
        #expect(t.nodeCount == 1)
        #expect(t.child(of: PatternTrie.root, 0x61) == nil)
    }

    @Test("6,000 random patterns against a dictionary", arguments: [1, 2, 3])
    func random(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        var patterns: [([UInt8], [UInt8], Bool)] = []
        var expected: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<6000 {
            // A small alphabet, so that prefixes are shared and some patterns repeat; a few
            // long patterns and high bytes (as in ISO8859-1 files).
            let length = Int(rng.next() % 9) + 1 + (rng.next() % 50 == 0 ? 30 : 0)
            let letters = (0..<length).map { _ in [0x2E, 0x61, 0x62, 0x63, 0x64, 0xE4, 0xFC][Int(rng.next() % 7)] as UInt8 }
            let digits = (0...length).map { _ in UInt8(rng.next() % 10) }
            patterns.append((letters, digits, false))
            expected[letters] = digits
        }
        let t = Self.trie(patterns)
        var prefixes = Set<[UInt8]>([[]])
        for p in expected.keys { for n in 1...p.count { prefixes.insert(Array(p.prefix(n))) } }
        #expect(t.nodeCount == prefixes.count)
        #expect(t.patternCount == expected.count)
        for prefix in prefixes {
            let node = try #require(t.node(of: prefix[...]), "prefix \(prefix)")
            let values = t.patternValues(at: node, depth: prefix.count).map(Array.init)
            #expect(values == expected[prefix], "prefix \(prefix)")
        }
        // Not prefixes: one byte more than some pattern, or a byte no pattern has.
        for p in expected.keys.prefix(500) {
            if !prefixes.contains(p + [0x65]) { #expect(t.node(of: (p + [0x65])[...]) == nil) }
        }
    }
}

/// The patterns of one level of a hyphenation pattern file, in a trie over bytes of the file's
/// charset: a node per distinct prefix of a pattern's letters, node 0 the root (the empty prefix).
///
/// Built straight from the file in one pass (`Builder`), which is what makes loading fast: Debian's
/// German file has 280,000 prefixes and loads in a few milliseconds, where libhyphen's hash table
/// of strings took seconds. Children are a linked list (first child, next sibling), newest first:
/// lookups walk a handful of siblings, and nodes are plain integers in four arrays, so the trie is
/// immutable, `Sendable` and needs no lock.
struct PatternTrie: Sendable {
    /// Each node's newest child, -1 for none.
    private let firstChild: [Int32]
    /// The next older child of the same parent, -1 for none.
    private let nextSibling: [Int32]
    /// The byte on the edge into each node (unused for the root).
    private let label: [UInt8]
    /// Where the values of the pattern ending at each node start in `values`, -1 if the node is
    /// only a prefix. A pattern of n letters has n + 1 values: value k sits before letter k.
    private let valuesStart: [Int32]
    /// Digits 0–9 of all patterns, with `PatternTrie.nonStandard` set on those of a pattern that
    /// changes the spelling (`/` in the file).
    private let values: [UInt8]

    /// Set on a value of a non-standard pattern (one with a spelling change such as old German
    /// "ck" → "k-k"); kimdoc does not hyphenate there.
    static let nonStandard: UInt8 = 0x40
    /// The digit of a value without the flag.
    static let digit: UInt8 = 0x0F

    static let root: Int32 = 0

    /// Number of nodes, the root included.
    var nodeCount: Int { label.count }

    /// The child of `node` along `byte`, nil if no pattern continues that way.
    func child(of node: Int32, _ byte: UInt8) -> Int32? {
        var c = firstChild[Int(node)]
        while c >= 0 {
            if label[Int(c)] == byte { return c }
            c = nextSibling[Int(c)]
        }
        return nil
    }

    /// The node of `bytes` (a prefix of some pattern), nil if it is none.
    func node(of bytes: ArraySlice<UInt8>) -> Int32? {
        var n = Self.root
        for b in bytes {
            guard let c = child(of: n, b) else { return nil }
            n = c
        }
        return n
    }

    /// The values of the pattern that ends at `node` (count: its depth + 1), nil if none does.
    func patternValues(at node: Int32, depth: Int) -> ArraySlice<UInt8>? {
        let start = Int(valuesStart[Int(node)])
        guard start >= 0 else { return nil }
        return values[start..<(start + depth + 1)]
    }

    /// Collects patterns one at a time; a pattern given again replaces the earlier one (as in
    /// libhyphen, the last line wins).
    struct Builder {
        private var firstChild: [Int32] = [-1]
        private var nextSibling: [Int32] = [-1]
        private var label: [UInt8] = [0]
        private var valuesStart: [Int32] = [-1]
        private var values: [UInt8] = []

        /// Reserves room for about `bytes` bytes of patterns.
        init(expectedBytes bytes: Int = 0) {
            firstChild.reserveCapacity(bytes / 2)
            nextSibling.reserveCapacity(bytes / 2)
            label.reserveCapacity(bytes / 2)
            valuesStart.reserveCapacity(bytes / 2)
            values.reserveCapacity(bytes)
        }

        /// Adds the pattern `letters` with `digits` (letters.count + 1 of them).
        mutating func insert(letters: UnsafeBufferPointer<UInt8>, digits: UnsafeBufferPointer<UInt8>, nonStandard: Bool) {
            var node = 0
            for byte in letters {
                var c = Int(firstChild[node])
                while c >= 0 && label[c] != byte { c = Int(nextSibling[c]) }
                if c < 0 {
                    c = label.count
                    label.append(byte)
                    firstChild.append(-1)
                    valuesStart.append(-1)
                    nextSibling.append(firstChild[node])
                    firstChild[node] = Int32(c)
                }
                node = c
            }
            valuesStart[node] = Int32(values.count)
            for d in digits { values.append(nonStandard ? d | PatternTrie.nonStandard : d) }
        }

        func build() -> PatternTrie {
            PatternTrie(firstChild: firstChild, nextSibling: nextSibling, label: label, valuesStart: valuesStart, values: values)
        }
    }

    private init(firstChild: [Int32], nextSibling: [Int32], label: [UInt8], valuesStart: [Int32], values: [UInt8]) {
        self.firstChild = firstChild
        self.nextSibling = nextSibling
        self.label = label
        self.valuesStart = valuesStart
        self.values = values
    }
}

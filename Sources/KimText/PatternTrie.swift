internal import Glibc

/// The patterns of one level of a hyphenation pattern file, in a trie over bytes of the file's
/// charset: a node per distinct prefix of a pattern's letters, node 0 the root (the empty prefix).
///
/// Built straight from the file in one pass (`Builder`), which is what makes loading fast: Debian's
/// German file has 280,000 prefixes and loads in about ten milliseconds, where libhyphen's hash
/// table of strings took seconds. While building, children are a linked list (first child, next
/// sibling, newest first: 16 bytes a node); `build()` then renumbers the nodes breadth first, so
/// that every node's children are neighbours, and keeps 9 bytes a node (label, where its children
/// start, where its values start): 2.5 MB instead of 4.5 MB for German, which matters for the
/// memory of a batch of forms. The memory is read-only after `build()`, so the trie is `Sendable`
/// and needs no lock.
struct PatternTrie: Sendable {
    struct Node {
        /// The newest child, -1 for none.
        var firstChild: Int32
        /// The next older child of the same parent, -1 for none.
        var nextSibling: Int32
        /// Where the values of the pattern ending here start in the values, -1 if the node is only
        /// a prefix. A pattern of n letters has n + 1 values: value k sits before letter k.
        var valuesStart: Int32
        /// The byte on the edge into the node (unused for the root).
        var label: UInt8
    }

    /// Set on a value of a non-standard pattern (one with a spelling change such as old German
    /// "ck" → "k-k"); kimdoc does not hyphenate there.
    static let nonStandard: UInt8 = 0x40
    /// The digit of a value without the flag.
    static let digit: UInt8 = 0x0F

    static let root: Int32 = 0

    private let storage: Compact

    /// Number of nodes, the root included.
    var nodeCount: Int { storage.nodeCount }

    /// The child of `node` along `byte`, nil if no pattern continues that way.
    func child(of node: Int32, _ byte: UInt8) -> Int32? {
        let labels = storage.labels
        var c = Int(storage.childStart[Int(node)])
        let end = Int(storage.childStart[Int(node) + 1])
        while c < end {
            if labels[c] == byte { return Int32(c) }
            c += 1
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
    func patternValues(at node: Int32, depth: Int) -> UnsafeBufferPointer<UInt8>? {
        let start = Int(storage.valuesStart[Int(node)])
        guard start >= 0 else { return nil }
        return UnsafeBufferPointer(start: storage.values + start, count: depth + 1)
    }

    /// Collects patterns one at a time; a pattern given again replaces the earlier one (as in
    /// libhyphen, the last line wins). Call `build()` once, at the end.
    struct Builder {
        private let storage: Storage

        /// Room for about `nodes` nodes and `values` values before the buffers grow.
        init(expectedNodes nodes: Int = 16, values: Int = 16) {
            storage = Storage(nodeCapacity: nodes, valueCapacity: values)
        }

        /// Adds the pattern `letters` with `digits` (letters.count + 1 of them).
        mutating func insert(letters: UnsafeBufferPointer<UInt8>, digits: UnsafeBufferPointer<UInt8>, nonStandard: Bool) {
            storage.reserve(nodes: letters.count, values: digits.count)
            // Locals, not the storage's properties, in the loop: no exclusivity check per byte.
            let nodes = storage.nodes
            var count = storage.nodeCount
            // Files are roughly sorted, so most of a pattern's path is the previous pattern's.
            let previous = storage.previous, path = storage.path
            var shared = 0
            while shared < letters.count && shared < storage.previousCount && letters[shared] == previous[shared] {
                shared += 1
            }
            var node = Int(path[shared])
            for d in shared..<letters.count {
                let byte = letters[d]
                var c = Int(nodes[node].firstChild)
                while c >= 0 && nodes[c].label != byte { c = Int(nodes[c].nextSibling) }
                if c < 0 {
                    c = count
                    count += 1
                    nodes[c] = Node(firstChild: -1, nextSibling: nodes[node].firstChild, valuesStart: -1, label: byte)
                    nodes[node].firstChild = Int32(c)
                }
                node = c
                path[d + 1] = Int32(c)
                previous[d] = byte
            }
            storage.previousCount = letters.count
            storage.nodeCount = count
            nodes[node].valuesStart = Int32(storage.valueCount)
            let values = storage.values + storage.valueCount
            for (i, d) in digits.enumerated() { values[i] = nonStandard ? d | PatternTrie.nonStandard : d }
            storage.valueCount += digits.count
        }

        func build() -> PatternTrie {
            PatternTrie(storage: Compact(storage))
        }
    }

    /// The built trie, nodes in breadth-first order: the children of node i are the nodes
    /// `childStart[i] ..< childStart[i + 1]`.
    private final class Compact: @unchecked Sendable {
        let nodeCount: Int
        let labels: UnsafeMutablePointer<UInt8>
        let childStart: UnsafeMutablePointer<Int32>
        let valuesStart: UnsafeMutablePointer<Int32>
        let values: UnsafeMutablePointer<UInt8>

        /// Renumbers `built`'s nodes and takes over its values; `built` is spent afterwards.
        init(_ built: Storage) {
            let n = built.nodeCount
            nodeCount = n
            labels = .allocate(capacity: n)
            childStart = .allocate(capacity: n + 1)
            valuesStart = .allocate(capacity: n)
            // The breadth-first order itself: old node numbers by new number.
            let order = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { order.deallocate() }
            let nodes = built.nodes
            order[0] = PatternTrie.root
            var filled = 1
            for i in 0..<n {
                let old = nodes[Int(order[i])]
                labels[i] = old.label
                valuesStart[i] = old.valuesStart
                childStart[i] = Int32(filled)
                var c = old.firstChild
                while c >= 0 {
                    order[filled] = c
                    filled += 1
                    c = nodes[Int(c)].nextSibling
                }
            }
            childStart[n] = Int32(filled)
            built.releaseNodes()
            built.shrink()
            values = built.takeValues()
        }

        deinit {
            labels.deallocate()
            childStart.deallocate()
            valuesStart.deallocate()
            free(values)
        }
    }

    /// The trie's memory, malloc'd so that it grows and shrinks in place (no copies of the
    /// megabytes the German file needs). Mutated only by `Builder` before `build()` hands it out.
    private final class Storage: @unchecked Sendable {
        var nodes: UnsafeMutablePointer<Node>
        var nodeCount = 1
        var nodeCapacity: Int
        var values: UnsafeMutablePointer<UInt8>
        var valueCount = 0
        var valueCapacity: Int
        /// While building: the letters of the previous pattern and its nodes (`path[d]` after d
        /// letters), room for `patternCapacity` letters.
        var previous: UnsafeMutablePointer<UInt8>
        var previousCount = 0
        var path: UnsafeMutablePointer<Int32>
        var patternCapacity = 64

        init(nodeCapacity: Int, valueCapacity: Int) {
            self.nodeCapacity = max(nodeCapacity, 16)
            self.valueCapacity = max(valueCapacity, 16)
            nodes = Self.resized(nil, to: self.nodeCapacity)
            values = Self.resized(nil, to: self.valueCapacity)
            nodes[0] = Node(firstChild: -1, nextSibling: -1, valuesStart: -1, label: 0)
            previous = Self.resized(nil, to: patternCapacity)
            path = Self.resized(nil, to: patternCapacity + 1)
            path[0] = PatternTrie.root
        }

        deinit {
            free(nodes)
            free(values)
            free(previous)
            free(path)
        }

        /// Makes room for a pattern of `nodes` letters and `values` values.
        func reserve(nodes n: Int, values v: Int) {
            if n > patternCapacity {
                while n > patternCapacity { patternCapacity *= 2 }
                previous = Self.resized(previous, to: patternCapacity)
                path = Self.resized(path, to: patternCapacity + 1)
            }
            if nodeCount + n > nodeCapacity {
                while nodeCount + n > nodeCapacity { nodeCapacity *= 2 }
                nodes = Self.resized(nodes, to: nodeCapacity)
            }
            if valueCount + v > valueCapacity {
                while valueCount + v > valueCapacity { valueCapacity *= 2 }
                values = Self.resized(values, to: valueCapacity)
            }
        }

        /// Gives back the values' capacity not used.
        func shrink() {
            values = Self.resized(values, to: max(valueCount, 1))
            valueCapacity = max(valueCount, 1)
        }

        /// Frees the nodes (after `Compact` has copied them).
        func releaseNodes() {
            nodes = Self.resized(nodes, to: 1)
            nodeCapacity = 1
        }

        /// Hands the values to the caller, who frees them; the storage keeps a fresh buffer.
        func takeValues() -> UnsafeMutablePointer<UInt8> {
            let v = values
            values = Self.resized(nil, to: 1)
            valueCapacity = 1
            valueCount = 0
            return v
        }

        /// `realloc` for `count` elements; running out of memory is fatal, as for any Swift allocation.
        private static func resized<T>(_ p: UnsafeMutablePointer<T>?, to count: Int) -> UnsafeMutablePointer<T> {
            guard let raw = realloc(p, count * MemoryLayout<T>.stride) else { fatalError("out of memory") }
            return raw.bindMemory(to: T.self, capacity: count)
        }
    }
}

internal import Glibc

/// The patterns of one level of a hyphenation pattern file, in a trie over bytes of the file's
/// charset: a node per distinct prefix of a pattern's letters, node 0 the root (the empty prefix).
///
/// Built in two steps, both linear apart from one sort. `Builder` only collects the patterns, as
/// read: their letters and values in two byte arrays and where each pattern starts. `build()`
/// sorts the patterns by their letters and lays the trie out breadth first straight from the
/// sorted list, so the children of every node are neighbours and the trie needs no links while it
/// is built. Debian's German file (77,000 patterns, 279,000 prefixes) loads in about ten
/// milliseconds; libhyphen's hash table of strings took seconds.
///
/// The built trie keeps per node its label and where its children start, as a 16-bit offset from
/// a 32-bit base every 256 nodes (3 bytes a node), and a bit saying whether a pattern ends there;
/// the values of the patterns are reached through the rank of that bit. German takes 1.9 MB, where
/// a linked trie took 4.5 MB and an array of child and value starts 3.3 MB, and building it needs
/// about 5 MB for a moment instead of 12: both count in the memory of a batch of forms. The memory
/// is read-only after `build()`, so the trie is `Sendable` and needs no lock.
struct PatternTrie: Sendable {
    /// Set on a value of a non-standard pattern (one with a spelling change such as old German
    /// "ck" → "k-k"); kimdoc does not hyphenate there.
    static let nonStandard: UInt8 = 0x40
    /// The digit of a value without the flag.
    static let digit: UInt8 = 0x0F

    static let root: Int32 = 0

    private let storage: Compact

    /// Number of nodes, the root included.
    var nodeCount: Int { storage.nodeCount }

    /// Number of patterns (a pattern given twice counts once).
    var patternCount: Int { storage.patternCount }

    /// Bytes the built trie takes.
    var byteCount: Int { storage.byteCount }

    /// Writes the built trie for `PatternCache`.
    func serialize(into out: inout CacheWriter) { storage.serialize(into: &out) }

    private init(storage: Compact) { self.storage = storage }

    /// A trie written by `serialize`, read in place from a mapped cache file; nil if unsound.
    init?(reading input: inout CacheReader, mapping: AnyObject) {
        guard let compact = Compact(reading: &input, mapping: mapping) else { return nil }
        storage = compact
    }

    /// The child of `node` along `byte`, nil if no pattern continues that way.
    func child(of node: Int32, _ byte: UInt8) -> Int32? {
        let s = storage
        var c = s.childStart(Int(node))
        let end = s.childStart(Int(node) + 1)
        let labels = s.labels
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
        guard let p = storage.pattern(at: Int(node)) else { return nil }
        return UnsafeBufferPointer(start: storage.values + Int(storage.valuesStart[p]), count: depth + 1)
    }

    /// Collects patterns one at a time; a pattern given again replaces the earlier one (as in
    /// libhyphen, the last line wins). Call `build()` once, at the end.
    struct Builder {
        /// The letters of all patterns, one after another.
        fileprivate var letters = ByteBuffer()
        /// Their values: letters + 1 for each pattern, the non-standard flag already set.
        fileprivate var values = ByteBuffer()
        /// Where pattern i's letters start; its values start at `lettersStart[i] + i`.
        fileprivate var lettersStart: [Int32] = []

        /// Room for about `letters` letters before the buffers grow (they are malloc'd, so room
        /// not used is never touched).
        init(expectedLetters: Int = 64) {
            letters.reserve(expectedLetters)
            values.reserve(expectedLetters)
        }

        /// Adds the pattern `letters` with `digits` (letters.count + 1 of them).
        mutating func insert(letters: UnsafeBufferPointer<UInt8>, digits: UnsafeBufferPointer<UInt8>, nonStandard: Bool) {
            precondition(digits.count == letters.count + 1 && !letters.isEmpty)
            lettersStart.append(Int32(self.letters.count))
            self.letters.append(letters)
            let first = values.count
            values.append(digits)
            if nonStandard {
                for i in first..<values.count { values.bytes[i] |= PatternTrie.nonStandard }
            }
        }

        func build() -> PatternTrie {
            PatternTrie(storage: Compact(self))
        }
    }

    /// The built trie, nodes in breadth-first order: the children of node i are the nodes
    /// `childStart(i) ..< childStart(i + 1)`.
    private final class Compact: @unchecked Sendable {
        let nodeCount: Int
        let patternCount: Int
        /// The byte on the edge into each node (the root's is 0).
        let labels: UnsafeMutablePointer<UInt8>
        /// `childStart(i)` is `blockStart[i >> 8] + childOffset[i]`. Within 256 nodes the offset
        /// stays below 255 × 256 (no node has more than 256 children), so 16 bits suffice.
        let blockStart: UnsafeMutablePointer<Int32>
        let childOffset: UnsafeMutablePointer<UInt16>
        /// Bit i % 64 of word i / 64: a pattern ends at node i. `rank[w]`: patterns before word w.
        let ends: UnsafeMutablePointer<UInt64>
        let rank: UnsafeMutablePointer<Int32>
        /// Where the values of the k-th pattern (in node order) start in `values`.
        let valuesStart: UnsafeMutablePointer<Int32>
        let values: UnsafeMutablePointer<UInt8>
        let valueCount: Int
        let byteCount: Int
        /// Set when the arrays lie in a mapped cache file (`PatternCache`): it owns them.
        private let mapping: AnyObject?

        @inline(__always) func childStart(_ i: Int) -> Int {
            Int(blockStart[i &>> 8]) + Int(childOffset[i])
        }

        /// The number of the pattern ending at node `i`, nil if none does.
        @inline(__always) func pattern(at i: Int) -> Int? {
            let word = ends[i &>> 6]
            let bit = UInt64(1) &<< UInt64(i & 63)
            guard word & bit != 0 else { return nil }
            return Int(rank[i &>> 6]) + (word & (bit &- 1)).nonzeroBitCount
        }

        init(_ built: Builder) {
            mapping = nil
            let patterns = built.lettersStart.count
            let letters = built.letters.bytes
            // Each pattern as (its first 8 letters big-endian, zero-padded; its number): sorting
            // these compares whole words only where the first 8 letters agree.
            struct Key {
                var prefix: UInt64
                var start: Int32
                var length: Int32
                var number: Int32
            }
            var keys = [Key]()
            keys.reserveCapacity(patterns)
            for p in 0..<patterns {
                let start = Int(built.lettersStart[p])
                let end = p + 1 < patterns ? Int(built.lettersStart[p + 1]) : built.letters.count
                var prefix: UInt64 = 0
                for j in 0..<8 { prefix = prefix << 8 | UInt64(start + j < end ? letters[start + j] : 0) }
                keys.append(Key(prefix: prefix, start: Int32(start), length: Int32(end - start), number: Int32(p)))
            }
            // Patterns by their letters; of equal ones the last read (the highest number) last.
            // Pattern files are nearly sorted (German: 2,600 places where a pattern sorts before
            // the one above it), so a natural merge sort does it in a dozen passes; it moves
            // 4-byte pattern numbers, not keys.
            var order = [Int32](0..<Int32(patterns))
            keys.withUnsafeBufferPointer { keys in
                naturalMergeSort(&order) { x, y in
                    let a = keys[Int(x)], b = keys[Int(y)]
                    if a.prefix != b.prefix { return a.prefix < b.prefix }
                    if a.length > 8 && b.length > 8 {
                        let c = memcmp(letters + Int(a.start) + 8, letters + Int(b.start) + 8, Int(min(a.length, b.length)) - 8)
                        if c != 0 { return c < 0 }
                    }
                    return a.length != b.length ? a.length < b.length : a.number < b.number
                }
            }
            keys = order.map { keys[Int($0)] }
            order = []
            func same(_ a: Key, _ b: Key) -> Bool {
                a.prefix == b.prefix && a.length == b.length
                    && (a.length <= 8 || memcmp(letters + Int(a.start) + 8, letters + Int(b.start) + 8, Int(a.length) - 8) == 0)
            }
            // Of equal patterns keep the last, and note how many letters each shares with the one
            // before it: its nodes are those of depth shared + 1 ... length.
            var kept = 0
            var shared: [Int32] = []
            shared.reserveCapacity(patterns)
            var maxLength = 0
            var valueCount = 0
            for k in keys.indices {
                if k + 1 < keys.count && same(keys[k], keys[k + 1]) { continue }
                let key = keys[k]
                var common = 0
                if kept > 0 {
                    let previous = keys[kept - 1]
                    let limit = Int(min(key.length, previous.length))
                    common = min((key.prefix ^ previous.prefix).leadingZeroBitCount / 8, limit)
                    if common == 8 {
                        let x = letters + Int(key.start), y = letters + Int(previous.start)
                        while common < limit && x[common] == y[common] { common += 1 }
                    }
                }
                shared.append(Int32(common))
                maxLength = max(maxLength, Int(key.length))
                valueCount += Int(key.length) + 1
                keys[kept] = key
                kept += 1
            }
            keys.removeLast(keys.count - kept)

            // Breadth first, the nodes of depth d are numbered from firstNode[d], in the order of
            // the patterns that bring them (sorted, so siblings are neighbours).
            var firstNode = [Int](repeating: 0, count: maxLength + 2)
            do {
                var change = [Int](repeating: 0, count: maxLength + 2)
                for k in 0..<kept {
                    change[Int(shared[k]) + 1] += 1
                    change[Int(keys[k].length) + 1] -= 1
                }
                firstNode[1] = 1
                var atDepth = 0
                for d in stride(from: 1, through: maxLength, by: 1) {
                    atDepth += change[d]
                    firstNode[d + 1] = firstNode[d] + atDepth
                }
            }
            let n = firstNode[maxLength + 1]
            nodeCount = n
            patternCount = kept
            let blocks = (n + 1 + 255) / 256
            let words = (n + 63) / 64
            labels = .allocate(capacity: n)
            blockStart = .allocate(capacity: blocks)
            childOffset = .allocate(capacity: n + 1)
            ends = .allocate(capacity: words)
            ends.initialize(repeating: 0, count: words)
            rank = .allocate(capacity: words)
            valuesStart = .allocate(capacity: max(kept, 1))
            values = .allocate(capacity: max(valueCount, 1))
            self.valueCount = valueCount
            byteCount = n + (n + 1) * 2 + blocks * 4 + words * 12 + kept * 4 + valueCount

            // One pass over the patterns places every node. When the node of depth d is placed,
            // the nodes of depth d + 1 placed so far are exactly the children of the nodes before
            // it, so its children start at the next free number of depth d + 1.
            let childStart = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
            defer { childStart.deallocate() }
            let endNode = UnsafeMutablePointer<Int32>.allocate(capacity: max(kept, 1))
            defer { endNode.deallocate() }
            // The next free number at each depth.
            let next = UnsafeMutablePointer<Int>.allocate(capacity: firstNode.count)
            defer { next.deallocate() }
            next.initialize(from: firstNode, count: firstNode.count)
            labels[0] = 0
            childStart[0] = 1
            for k in 0..<kept {
                let key = keys[k]
                let length = Int(key.length)
                // (Pointers, not arrays, in this loop: no uniqueness check per node.)
                let word = letters + Int(key.start)
                for d in (Int(shared[k]) + 1)...length {
                    let id = next[d]
                    next[d] = id + 1
                    labels[id] = word[d - 1]
                    childStart[id] = Int32(next[d + 1])
                    if d == length {
                        ends[id >> 6] |= UInt64(1) << UInt64(id & 63)
                        endNode[k] = Int32(id)
                    }
                }
            }
            childStart[n] = Int32(n)
            for i in 0...n {
                if i & 255 == 0 { blockStart[i >> 8] = childStart[i] }
                childOffset[i] = UInt16(Int(childStart[i]) - Int(blockStart[i >> 8]))
            }
            var before: Int32 = 0
            for w in 0..<words {
                rank[w] = before
                before += Int32(ends[w].nonzeroBitCount)
            }
            // The values, in the patterns' sorted order; pattern i's values start at its
            // letters' start + i in what was read.
            let allValues = built.values.bytes
            var valueFill = 0
            for k in 0..<kept {
                let key = keys[k]
                valuesStart[pattern(at: Int(endNode[k]))!] = Int32(valueFill)
                (values + valueFill).update(from: allValues + Int(key.start) + Int(key.number), count: Int(key.length) + 1)
                valueFill += Int(key.length) + 1
            }
        }

        /// The arrays as they are in memory, each padded to 8 bytes, after the three counts.
        func serialize(into out: inout CacheWriter) {
            let n = nodeCount, blocks = (n + 1 + 255) / 256, words = (n + 63) / 64
            out.int(n)
            out.int(patternCount)
            out.int(valueCount)
            out.bytes(UnsafeRawPointer(labels), n)
            out.bytes(UnsafeRawPointer(blockStart), blocks * 4)
            out.bytes(UnsafeRawPointer(childOffset), (n + 1) * 2)
            out.bytes(UnsafeRawPointer(ends), words * 8)
            out.bytes(UnsafeRawPointer(rank), words * 4)
            out.bytes(UnsafeRawPointer(valuesStart), max(patternCount, 1) * 4)
            out.bytes(UnsafeRawPointer(values), max(valueCount, 1))
        }

        /// The arrays of `serialize`, read in place from a mapped file that `mapping` keeps; nil
        /// if the counts do not fit what is left or the trie's structure is not sound.
        init?(reading input: inout CacheReader, mapping: AnyObject) {
            guard let n = input.int(), let kept = input.int(), let valueCount = input.int(),
                n >= 1, n < 1 << 28, kept >= 0, kept <= n, valueCount >= 0, valueCount < 1 << 30
            else { return nil }
            let blocks = (n + 1 + 255) / 256, words = (n + 63) / 64
            guard let l = input.bytes(n), let b = input.bytes(blocks * 4), let c = input.bytes((n + 1) * 2),
                let e = input.bytes(words * 8), let r = input.bytes(words * 4),
                let vs = input.bytes(max(kept, 1) * 4), let v = input.bytes(max(valueCount, 1))
            else { return nil }
            labels = UnsafeMutablePointer(mutating: l.assumingMemoryBound(to: UInt8.self))
            blockStart = UnsafeMutablePointer(mutating: b.assumingMemoryBound(to: Int32.self))
            childOffset = UnsafeMutablePointer(mutating: c.assumingMemoryBound(to: UInt16.self))
            ends = UnsafeMutablePointer(mutating: e.assumingMemoryBound(to: UInt64.self))
            rank = UnsafeMutablePointer(mutating: r.assumingMemoryBound(to: Int32.self))
            valuesStart = UnsafeMutablePointer(mutating: vs.assumingMemoryBound(to: Int32.self))
            values = UnsafeMutablePointer(mutating: v.assumingMemoryBound(to: UInt8.self))
            nodeCount = n
            patternCount = kept
            self.valueCount = valueCount
            byteCount = n + (n + 1) * 2 + blocks * 4 + words * 12 + kept * 4 + valueCount
            self.mapping = mapping
            guard isSound() else { return nil }
        }

        /// Whether lookups stay inside the arrays: children after their parent and within the
        /// nodes, ranks that count the end bits, and each pattern's values (depth + 1 of them)
        /// inside `values`. One pass, under a millisecond for German.
        private func isSound() -> Bool {
            let n = nodeCount
            guard childStart(0) == 1 || n == 1, childStart(n) == n else { return false }
            var depth = [UInt8](repeating: 0, count: n)
            var previous = childStart(0)
            for i in 0..<n {
                let next = childStart(i + 1)
                guard previous <= next, next <= n, previous > i || previous == next else { return false }
                guard depth[i] < 255 else { return false }
                for child in previous..<next { depth[child] = depth[i] + 1 }
                previous = next
            }
            var counted: Int32 = 0
            for w in 0..<(n + 63) / 64 {
                guard rank[w] == counted else { return false }
                counted += Int32(ends[w].nonzeroBitCount)
            }
            guard Int(counted) == patternCount else { return false }
            for i in 0..<n {
                guard let p = pattern(at: i) else { continue }
                let start = Int(valuesStart[p])
                guard start >= 0, start + Int(depth[i]) + 1 <= max(valueCount, 1) else { return false }
            }
            return true
        }

        deinit {
            guard mapping == nil else { return }
            labels.deallocate()
            blockStart.deallocate()
            childOffset.deallocate()
            ends.deallocate()
            rank.deallocate()
            valuesStart.deallocate()
            values.deallocate()
        }
    }
}

/// Sorts `elements` by `less` (a strict total order) by merging its ascending runs pairwise
/// until one is left. Where two neighbouring runs overlap only at their edges, as in nearly sorted
/// input, a merge finds the overlap by binary search and copies the rest: nearly linear then.
private func naturalMergeSort<T>(_ elements: inout [T], by less: (T, T) -> Bool) {
    let n = elements.count
    guard n > 1 else { return }
    // Where each ascending run starts, and n at the end.
    var bounds = [0]
    for i in 1..<n where less(elements[i], elements[i - 1]) { bounds.append(i) }
    bounds.append(n)
    guard bounds.count > 2 else { return }
    var source = elements
    elements = []
    var target = source
    while bounds.count > 2 {
        var merged = [0]
        source.withUnsafeBufferPointer { from in
            target.withUnsafeMutableBufferPointer { to in
                var r = 0
                while r + 1 < bounds.count {
                    let lo = bounds[r], mid = bounds[r + 1]
                    let hi = r + 2 < bounds.count ? bounds[r + 2] : mid
                    if hi > mid { merge(from, lo, mid, hi, into: to, by: less) } else { copy(from, lo..<mid, into: to, at: lo) }
                    merged.append(hi)
                    r += 2
                }
            }
        }
        bounds = merged
        swap(&source, &target)
    }
    elements = source
}

/// Merges the sorted runs `from[lo..<mid]` and `from[mid..<hi]` into `to[lo..<hi]`.
private func merge<T>(
    _ from: UnsafeBufferPointer<T>, _ lo: Int, _ mid: Int, _ hi: Int, into to: UnsafeMutableBufferPointer<T>,
    by less: (T, T) -> Bool
) {
    // The left run's elements before the right run's first stay in front; the right run's
    // elements after the left run's last stay at the end.
    let head = firstIndex(in: lo..<mid) { less(from[mid], from[$0]) }
    let tail = firstIndex(in: mid..<hi) { !less(from[$0], from[mid - 1]) }
    copy(from, lo..<head, into: to, at: lo)
    var i = head, j = mid, k = head
    while i < mid && j < tail {
        if less(from[j], from[i]) {
            to[k] = from[j]
            j += 1
        } else {
            to[k] = from[i]
            i += 1
        }
        k += 1
    }
    copy(from, i..<mid, into: to, at: k)
    k += mid - i
    copy(from, j..<hi, into: to, at: k)
}

/// The first index in `range` where `holds` (false before it, true from it on) is true.
private func firstIndex(in range: Range<Int>, where holds: (Int) -> Bool) -> Int {
    var lo = range.lowerBound, hi = range.upperBound
    while lo < hi {
        let m = (lo + hi) / 2
        if holds(m) { hi = m } else { lo = m + 1 }
    }
    return lo
}

private func copy<T>(_ from: UnsafeBufferPointer<T>, _ range: Range<Int>, into to: UnsafeMutableBufferPointer<T>, at k: Int) {
    guard !range.isEmpty else { return }
    (to.baseAddress! + k).update(from: from.baseAddress! + range.lowerBound, count: range.count)
}

/// A growable byte array in malloc'd memory: grows in place with `realloc` (no copy of megabytes
/// the way an Array's doubling makes one), freed when the builder goes.
fileprivate struct ByteBuffer {
    private final class Box {
        var bytes: UnsafeMutablePointer<UInt8>? = nil
        var count = 0
        var capacity = 0
        deinit { free(bytes) }
    }
    private var box = Box()

    var count: Int { box.count }
    var bytes: UnsafeMutablePointer<UInt8> { box.bytes! }

    mutating func reserve(_ capacity: Int) {
        guard capacity > box.capacity else { return }
        guard let raw = realloc(box.bytes, capacity) else { fatalError("out of memory") }
        box.bytes = raw.assumingMemoryBound(to: UInt8.self)
        box.capacity = capacity
    }

    mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        if box.count + source.count > box.capacity { reserve(max(2 * box.capacity, box.count + source.count, 64)) }
        (bytes + box.count).update(from: source.baseAddress!, count: source.count)
        box.count += source.count
    }
}

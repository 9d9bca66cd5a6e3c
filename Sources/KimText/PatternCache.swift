internal import Foundation
internal import Glibc
import KimCore

/// Compiled hyphenation patterns kept on disk, so that a process reads a pattern file's tries
/// instead of parsing it: Debian's German file took about 20 ms and 8 MB for a moment to parse
/// and build in every `kimdoc` run that hyphenates German (a flyer set, a batch of forms with
/// German labels); its cache file is mapped in a fraction of a millisecond, and only the pages a
/// lookup touches become resident.
///
/// One file per pattern file, in `directory` (`Hyphenator.cacheDirectory`): named after the
/// pattern file's path, holding the size, modification time, inode and device the pattern file
/// had when it was compiled. A pattern file that changed (a Debian update) is parsed again and its
/// cache file replaced. The file is written atomically; one that is unreadable, of another format
/// version, changed, truncated, fails its checksum or has an unsound trie is ignored (and
/// replaced). Nothing but the patterns is in it: no text of any document.
enum PatternCache {
    /// Changes whenever the layout of the file or of `PatternTrie` changes.
    static let formatVersion = 1
    static let magic: [UInt8] = Array("KIMHYPH\0".utf8)

    /// The cache file for `path` in `directory`.
    static func file(for path: String, in directory: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? "patterns"
        return "\(directory)/\(name.replacingOccurrences(of: ".dic", with: ""))-\(Fingerprint.of(path)).kimhyph"
    }

    /// What identifies the pattern file's contents without reading them.
    struct SourceStamp: Equatable {
        var size = 0, seconds = 0, nanoseconds = 0, inode = 0, device = 0

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            size = Int(info.st_size)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
            inode = Int(bitPattern: UInt(info.st_ino))
            device = Int(bitPattern: UInt(info.st_dev))
        }

        init() {}
    }

    /// The patterns compiled from `path`, if `directory` has a sound cache file for the file as
    /// it is now.
    static func load(_ path: String, from directory: String) -> HyphenationPatterns? {
        guard let stamp = SourceStamp(path: path), let mapped = MappedFile(file(for: path, in: directory)) else { return nil }
        var input = CacheReader(mapped.bytes)
        guard let head = input.bytes(magic.count), memcmp(head, magic, magic.count) == 0,
            input.int() == formatVersion,
            input.int() == stamp.size, input.int() == stamp.seconds, input.int() == stamp.nanoseconds,
            input.int() == stamp.inode, input.int() == stamp.device,
            let length = input.int(), let sum = input.bytes(16), length == input.remaining,
            let payload = input.peek(length), memcmp(sum, checksum(UnsafeRawBufferPointer(start: payload, count: length)), 16) == 0
        else { return nil }
        guard let patterns = HyphenationPatterns(reading: &input, mapping: mapped) else { return nil }
        // The checks above read every page of the file; hyphenation then uses only some of
        // them. Without this they would all stay resident (the German trie: 2.1 MiB, all of it
        // in the peak of a batch of forms). The mapping stays; pages come back as they are used.
        mapped.dropResidentPages()
        return patterns
    }

    /// Writes the cache file for `patterns`, compiled from `path` as `stamp` describes it. A
    /// failure (no home, a read-only disk) only means the next run parses again.
    static func store(_ patterns: HyphenationPatterns, compiledFrom path: String, stamp: SourceStamp, in directory: String) {
        var payload = CacheWriter()
        patterns.serialize(into: &payload)
        var out = CacheWriter()
        out.raw(magic)
        for value in [formatVersion, stamp.size, stamp.seconds, stamp.nanoseconds, stamp.inode, stamp.device, payload.data.count] { out.int(value) }
        out.raw(payload.data.withUnsafeBytes { checksum($0) })
        out.raw(payload.data)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try AtomicFile.write(Data(out.data), to: URL(fileURLWithPath: file(for: path, in: directory)))
        } catch {
            // Not kept: the patterns were parsed and are used all the same.
        }
    }

    /// The payload's fingerprint as 16 ASCII hex digits (about a millisecond for German's
    /// 1.9 MB): catches a file damaged on disk, not one made to pass (the trie is checked too).
    static func checksum(_ payload: UnsafeRawBufferPointer) -> [UInt8] {
        var f = Fingerprint()
        f.add(payload)
        return Array(f.hex.utf8)
    }
}

/// Bytes for a cache file: 64-bit integers and arrays, each padded to 8 bytes so that the arrays
/// can be used in place when the file is mapped.
struct CacheWriter {
    private(set) var data: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func raw(_ bytes: [UInt8]) { data.append(contentsOf: bytes) }

    mutating func bytes(_ pointer: UnsafeRawPointer, _ count: Int) {
        data.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
        pad()
    }

    mutating func bytes(_ array: [UInt8]) {
        int(array.count)
        data.append(contentsOf: array)
        pad()
    }

    private mutating func pad() {
        while data.count % 8 != 0 { data.append(0) }
    }
}

/// Reads what `CacheWriter` wrote, never past the end: every read is nil there.
struct CacheReader {
    private let base: UnsafeRawBufferPointer
    private var offset = 0

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    var remaining: Int { base.count - offset }

    mutating func int() -> Int? {
        guard remaining >= 8, let start = base.baseAddress else { return nil }
        let value = Int64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        offset += 8
        return Int(value)
    }

    /// The next `count` bytes, then the padding after them.
    mutating func bytes(_ count: Int) -> UnsafeRawPointer? {
        guard count >= 0, count <= remaining, let start = base.baseAddress else { return nil }
        let at = start + offset
        offset += count
        offset = min(base.count, (offset + 7) & ~7)
        return at
    }

    /// The next `count` bytes without moving on.
    func peek(_ count: Int) -> UnsafeRawPointer? {
        guard count >= 0, count <= remaining, let start = base.baseAddress else { return nil }
        return start + offset
    }

    /// A byte array written by `CacheWriter.bytes(_: [UInt8])`.
    mutating func array(limit: Int) -> [UInt8]? {
        guard let count = int(), count >= 0, count <= limit, let at = bytes(count) else { return nil }
        return Array(UnsafeRawBufferPointer(start: at, count: count))
    }
}

/// A file mapped read-only, unmapped when the last user lets go.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0, info.st_size < 1 << 30 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Lets the kernel take back the pages read so far; a later read maps them again from the
    /// file (the mapping is private and never written, so nothing is lost).
    func dropResidentPages() {
        if let address = bytes.baseAddress { _ = madvise(UnsafeMutableRawPointer(mutating: address), bytes.count, MADV_DONTNEED) }
    }

    deinit {
        if let address = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: address), bytes.count) }
    }
}

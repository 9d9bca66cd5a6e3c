internal import CFontconfig
public import Foundation
import KimCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What fontconfig answered before, kept on disk so that a warm start does not load fontconfig.
///
/// Starting fontconfig parses its XML configuration: about 28 million instructions, more than
/// a third of a short `kimdoc text` run. kimdoc asks it only few questions (the file of a family,
/// the best font for a character nothing else covers), so the answers are kept in a small text
/// file, `fonts-v1.tsv` in the cache folder (`$KIMDOC_CACHE_DIR`, else `$XDG_CACHE_HOME/kimdoc`,
/// else `~/.cache/kimdoc`). It holds font file paths and the code points of non-client text that
/// needed a fallback font; characters of private spans (client data) are never recorded.
///
/// The index is valid while every font folder and configuration file fontconfig used keeps its
/// modification time (the stamps in the file): installing or removing a font, or changing the
/// configuration, changes one of them, and the whole index is dropped and built again. A question
/// the index cannot answer starts fontconfig, and the answer is added (written atomically).
public final class FontIndex: Sendable {
    /// A family's file and face, or nil when fontconfig has no such family.
    public struct Face: Sendable, Equatable {
        public let family: String
        public let file: String
        public let index: Int
    }

    private struct State {
        var loaded = false
        var stamps: [(path: String, mtime: String)] = []
        var matches: [String: Face?] = [:]
        var fallbacks: [UInt32: Face?] = [:]
    }

    /// Where the index lives; nil keeps it in memory only.
    public let file: URL?
    private let state = Mutex(State())

    public init(file: URL?) {
        self.file = file
    }

    /// The index in the user's cache folder (nil location if there is no home or cache folder).
    public static let standard = FontIndex(file: standardFolder()?.appendingPathComponent("fonts-v1.tsv"))

    static func standardFolder() -> URL? {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["KIMDOC_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let dir = env["XDG_CACHE_HOME"], !dir.isEmpty { return URL(fileURLWithPath: dir).appendingPathComponent("kimdoc") }
        if let home = env["HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent(".cache/kimdoc") }
        return nil
    }

    static func matchKey(family: String, weight: FontWeight) -> String { "\(family)\t\(weight.rawValue)" }

    /// The remembered answer for a family (`.some(nil)`: remembered as not installed), or nil if unknown.
    func match(family: String, weight: FontWeight) -> Face?? {
        state.withLock { s in
            load(&s)
            return s.matches[Self.matchKey(family: family, weight: weight)]
        }
    }

    func fallback(for scalar: UInt32) -> Face?? {
        state.withLock { s in
            load(&s)
            return s.fallbacks[scalar]
        }
    }

    /// A fingerprint of the font set: every font folder and configuration file with its time.
    /// Taken from the index while it is valid (a few `stat` calls), else from fontconfig; a
    /// document made with other fonts is made again (`kimdoc build`'s manifest).
    public func stamp() -> String {
        let known = state.withLock { s in
            load(&s)
            return s.stamps
        }
        var f = Fingerprint()
        for s in known.isEmpty ? Self.currentStamps() : known {
            f.add(s.path)
            f.add(s.mtime)
        }
        return f.hex
    }

    /// Remembers fontconfig's answers (fontconfig is running when this is called) and saves them.
    func remember(family: String, weight: FontWeight, _ face: Face?) {
        update { $0.matches[Self.matchKey(family: family, weight: weight)] = .some(face) }
    }

    func remember(fallbackFor scalar: UInt32, _ face: Face?) {
        update { $0.fallbacks[scalar] = .some(face) }
    }

    private func update(_ change: (inout State) -> Void) {
        let text: String? = state.withLock { s in
            load(&s)
            // Stamps come from the running fontconfig; if they differ from the loaded ones, the
            // loaded answers were for another font set and are dropped.
            let now = Self.currentStamps()
            if now.map(\.path) != s.stamps.map(\.path) || now.map(\.mtime) != s.stamps.map(\.mtime) {
                s.matches = [:]
                s.fallbacks = [:]
                s.stamps = now
            }
            change(&s)
            return file == nil ? nil : Self.serialize(s)
        }
        guard let text, let file else { return }
        // A cache that cannot be written is no error: the next run asks fontconfig again.
        try? AtomicFile.write(Data(text.utf8), to: file)
    }

    /// Reads the file once; a missing, unreadable, foreign or stale file leaves the index empty.
    private func load(_ s: inout State) {
        guard !s.loaded else { return }
        s.loaded = true
        guard let file, let data = FileManager.default.contents(atPath: file.path) else { return }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == Self.header else { return }
        var parsed = State(loaded: true)
        for line in lines.dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func face(_ at: Int) -> Face?? {
                if f.count == at + 1, f[at] == "-" { return .some(nil) }
                // A face index is fontconfig's 32-bit one (face, and named instance in the high
                // 16 bits); a file path is absolute. Anything else is a corrupt index, rebuilt.
                guard f.count == at + 3, !f[at].isEmpty, f[at + 1].hasPrefix("/"), let index = UInt32(f[at + 2]) else { return nil }
                return .some(Face(family: f[at], file: f[at + 1], index: Int(index)))
            }
            switch f.first {
            case "stamp" where f.count == 3 && f[2].hasPrefix("/") && Int64(f[1]) != nil:
                parsed.stamps.append((f[2], f[1]))
            case "match" where f.count >= 4:
                guard let found = face(3) else { return }
                parsed.matches["\(f[1])\t\(f[2])"] = found
            case "fallback" where f.count >= 3:
                guard let scalar = UInt32(f[1], radix: 16), let found = face(2) else { return }
                parsed.fallbacks[scalar] = found
            default:
                return
            }
        }
        // Valid only if nothing fontconfig read has changed since.
        guard !parsed.stamps.isEmpty, parsed.stamps.allSatisfy({ Self.mtime($0.path) == $0.mtime }) else { return }
        s = parsed
    }

    static let header = "kimdoc font index 1"

    private static func serialize(_ s: State) -> String {
        var out = header + "\n"
        for stamp in s.stamps { out += "stamp\t\(stamp.mtime)\t\(stamp.path)\n" }
        func face(_ f: Face?) -> String { f.map { "\($0.family)\t\($0.file)\t\($0.index)" } ?? "-" }
        for key in s.matches.keys.sorted() { out += "match\t\(key)\t\(face(s.matches[key] ?? nil))\n" }
        for scalar in s.fallbacks.keys.sorted() { out += "fallback\t\(String(scalar, radix: 16))\t\(face(s.fallbacks[scalar] ?? nil))\n" }
        return out
    }

    /// Modification time in nanoseconds, "-1" for a path that does not exist.
    static func mtime(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "-1" }
        return String(Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    /// Every font folder and configuration file of the running fontconfig (and the folders of
    /// the configuration files, so that a file added to conf.d counts), with their times.
    static func currentStamps() -> [(path: String, mtime: String)] {
        var paths: [String] = []
        func collect(_ list: OpaquePointer?) {
            guard let list else { return }
            defer { FcStrListDone(list) }
            while let p = FcStrListNext(list) { paths.append(String(cString: p)) }
        }
        collect(FcConfigGetFontDirs(nil))
        var configFiles: [String] = []
        if let list = FcConfigGetConfigFiles(nil) {
            while let p = FcStrListNext(list) { configFiles.append(String(cString: p)) }
            FcStrListDone(list)
        }
        paths += configFiles
        paths += configFiles.map { ($0 as NSString).deletingLastPathComponent }
        // The user's own configuration counts even while it does not exist.
        if let home = ProcessInfo.processInfo.environment["HOME"] {
            paths += ["\(home)/.config/fontconfig/fonts.conf", "\(home)/.fonts.conf", "\(home)/.local/share/fonts", "\(home)/.fonts"]
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }.map { ($0, mtime($0)) }
    }
}

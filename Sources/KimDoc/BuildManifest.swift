public import Foundation
import KimCatalog
import KimCore
import KimLayout
import KimTemplate
#if canImport(Glibc)
import Glibc
#endif

/// What `kimdoc build` last made into an output folder, and from what: `.kimdoc-manifest.json`.
///
/// Per document the fingerprints of its input files (template, form or guide template, office
/// data and logo, offers), of the catalog units its layout looked up (not the whole catalog: an
/// edited Arabic unit remakes only the Arabic documents that use it), of its settings (layout
/// options, language entry, the kimdoc binary), the font index's stamp, and of the files written.
/// A document is skipped while all of them are unchanged. It holds template texts and file
/// paths, never client data (forms filled for clients are not made by `kimdoc build`).
struct BuildManifest: Codable, Sendable {
    static let fileName = ".kimdoc-manifest.json"
    static let currentFormat = 1

    struct Output: Codable, Sendable, Equatable {
        /// Relative to the output folder.
        var file: String
        var size: Int
        var fingerprint: String
    }

    struct FallbackRecord: Codable, Sendable {
        var unit: String
        var reason: Catalog.FallbackReason
        var location: String?
        var german: String?
    }

    struct Record: Codable, Sendable {
        /// The language tag.
        var language: String
        /// Project-relative path (absolute outside the project) → fingerprint of the content.
        var inputs: [String: String]
        /// Layout options, language entry and the kimdoc binary.
        var settings: String
        /// `FontIndex.stamp()` when made.
        var fonts: String
        /// Fingerprint of the language's catalog file when made or last checked; nil for German.
        var catalog: String?
        /// Key into `unitSets`: the ids the layout looked up.
        var unitSet: String?
        /// `Catalog.fingerprint(units:)` of those ids.
        var units: String?
        var outputs: [Output]
        var pages: Int
        var drafts: Bool
        var fallbacks: [FallbackRecord]
    }

    var format = currentFormat
    /// By `<template>/<office>-<lang>`.
    var documents: [String: Record] = [:]
    /// Lists of unit ids, shared by the documents that looked up the same ones (a template's
    /// documents in every language and office mostly do).
    var unitSets: [String: [String]] = [:]
    /// The documents a selection (`--template`, `--office`, `--lang`) gave, by
    /// `DocumentBuild.planKey`: valid while no file under `Templates/` and no language changed.
    var plans: [String: [String]] = [:]

    /// The manifest in `folder`, or an empty one if there is none or it cannot be used (a damaged
    /// or older manifest only means that everything is made again).
    static func read(in folder: URL) -> BuildManifest {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
            let m = try? JSONDecoder().decode(BuildManifest.self, from: data), m.format == currentFormat
        else { return BuildManifest() }
        return m
    }

    /// Writes it atomically, dropping unit lists no document refers to.
    mutating func write(in folder: URL) throws {
        let used = Set(documents.values.compactMap(\.unitSet))
        unitSets = unitSets.filter { used.contains($0.key) }
        // Selections are few; a bound keeps one-off ones from piling up.
        if plans.count > 32 { plans = [:] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName))
    }

    /// Adds a list of unit ids and gives its key.
    mutating func addUnitSet(_ ids: [String]) -> String {
        let key = Fingerprint.of(ids.joined(separator: "\n"))
        unitSets[key] = ids
        return key
    }

    /// The kimdoc binary: its version, size and modification time (a `stat`, no reading), so a
    /// rebuilt kimdoc remakes everything.
    static let program: String = {
        var st = stat()
        let exe = stat("/proc/self/exe", &st) == 0 ? "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)" : "unknown"
        return "\(KimdocVersion.version) \(exe)"
    }()
}

/// kimdoc's version, recorded in build manifests and benchmark files.
public enum KimdocVersion {
    public static let version = "0.20.0"
}

/// Fingerprints of input files, each read once per build (or per web app snapshot).
public final class InputFingerprints: @unchecked Sendable {
    private var known: [String: String?] = [:]
    private let lock = NSLock()

    public init() {}

    /// Nil for a file that cannot be read.
    public func of(_ path: String) -> String? {
        if let k = lock.withLock({ known[path] }) { return k }
        let f = Fingerprint.ofFile(path)
        lock.withLock { known[path] = f }
        return f
    }

    /// Reads every file under `folder` now: called before the files are parsed, a file changed
    /// in between counts as changed at the next look rather than never. Gives a fingerprint of
    /// them all (paths relative to `root`, contents).
    @discardableResult
    public func readAll(under folder: URL, root: URL) -> String {
        var paths: [String] = []
        if let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                paths.append(url.path)
            }
        }
        var f = Fingerprint()
        for path in paths.sorted() {
            f.add(path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path)
            f.add(of(path) ?? "unreadable")
        }
        return f.hex
    }
}

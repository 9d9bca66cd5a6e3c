import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
import KimRender
import Synchronization

/// The project as the server sees it: templates, forms, offices and catalogs, loaded once and
/// loaded again when a file under `Templates/` or `Translations/` changes (a translator saved a
/// catalog, someone ran `git pull`), so the server never needs a restart for new content.
final class ProjectState: Sendable {
    struct Snapshot: Sendable {
        let build: DocumentBuild
        let forms: FormBuild
        let catalogs: CatalogSet
        /// Changes whenever a file of the project changes: part of every cache key.
        let stamp: String
    }

    let root: URL
    /// How often the files are looked at, at most.
    let checkInterval: TimeInterval
    private let state = Mutex<(snapshot: Result<Snapshot, KimError>?, stamp: String, checked: Date)>((nil, "", .distantPast))

    init(root: URL, checkInterval: TimeInterval = 1) {
        self.root = root
        self.checkInterval = checkInterval
    }

    /// The current project; throws the located error if it cannot be loaded (a template error),
    /// which the pages show as the command line would.
    func snapshot() throws(KimError) -> Snapshot {
        let now = Date()
        let (cached, oldStamp, checked) = state.withLock { ($0.snapshot, $0.stamp, $0.checked) }
        if let cached, now.timeIntervalSince(checked) < checkInterval { return try cached.get() }
        let stamp = Self.stamp(root)
        if let cached, stamp == oldStamp {
            state.withLock { $0.checked = now }
            return try cached.get()
        }
        let loaded: Result<Snapshot, KimError>
        do {
            let build = try DocumentBuild(root: root)
            loaded = .success(Snapshot(build: build, forms: try FormBuild(root: root, layout: build.formLayout), catalogs: build.project.catalogs(), stamp: stamp))
        } catch let e as KimError {
            loaded = .failure(e)
        } catch {
            loaded = .failure(KimError("\(error)"))
        }
        state.withLock { $0 = (loaded, stamp, now) }
        return try loaded.get()
    }

    /// Paths, sizes and modification times of every file the documents are made from.
    static func stamp(_ root: URL) -> String {
        var parts: [String] = []
        for folder in ["Templates", "Translations"] {
            let base = root.appendingPathComponent(folder)
            guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else { continue }
            for case let url as URL in e {
                let v = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                parts.append("\(url.path)|\(v?.fileSize ?? -1)|\(v?.contentModificationDate?.timeIntervalSince1970 ?? 0)")
            }
        }
        var hasher = Hasher()
        for p in parts.sorted() { hasher.combine(p) }
        return String(UInt64(bitPattern: Int64(hasher.finalize())), radix: 36)
    }
}

/// Rendered documents that contain no client data (flyers, blank forms, guides), by their
/// inputs: the document's content key (`DocumentBuild.contentKey`) and the kind of file.
/// Bounded; the oldest go first.
final class DocumentCache: Sendable {
    private let entries = Mutex<(items: [String: Data], order: [String], bytes: Int)>(([:], [], 0))
    /// The catalog units each document looked up when it was last laid out, by document name.
    private let unitSets = Mutex<[String: [String]]>([:])
    /// Documents' summaries (pages, drafts, overflows) by content key: small, kept without limit
    /// but cleared when it passes 10,000 (every key of a project is far fewer).
    private let summaries = Mutex<[String: DocumentService.Summary]>([:])

    func summary(_ key: String) -> DocumentService.Summary? { summaries.withLock { $0[key] } }
    func remember(summary: DocumentService.Summary, key: String) {
        summaries.withLock {
            if $0.count >= 10_000 { $0.removeAll() }
            $0[key] = summary
        }
    }
    let limit: Int

    init(limit: Int = 128 << 20) { self.limit = limit }

    func units(of document: String) -> [String]? { unitSets.withLock { $0[document] } }
    func remember(units: [String], of document: String) { unitSets.withLock { $0[document] = units } }
    func cached(_ key: String) -> Data? { entries.withLock { $0.items[key] } }

    func value(_ key: String, make: () throws -> Data) rethrows -> Data {
        if let hit = entries.withLock({ $0.items[key] }) { return hit }
        let data = try make()
        entries.withLock { e in
            guard e.items[key] == nil else { return }
            e.items[key] = data
            e.order.append(key)
            e.bytes += data.count
            while e.bytes > limit, !e.order.isEmpty {
                let old = e.order.removeFirst()
                e.bytes -= e.items.removeValue(forKey: old)?.count ?? 0
            }
        }
        return data
    }
}

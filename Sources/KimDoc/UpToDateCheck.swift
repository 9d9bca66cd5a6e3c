public import Foundation
import KimCatalog
public import KimCore
import KimLayout
import KimText
import Synchronization

extension DocumentBuild {
    /// What identifies a selection of documents while no template file changed: the fingerprint
    /// of everything under `Templates/`, the language list and the selection options.
    static func planKey(templates: String, project: TranslationProject, options: Options) -> String {
        var f = Fingerprint()
        f.add(templates)
        f.add(Fingerprint.ofFile(project.root.appendingPathComponent("Translations/languages.json").path) ?? "-")
        f.add(options.templates.sorted().joined(separator: ","))
        f.add(options.offices.sorted().joined(separator: ","))
        f.add(options.languages.map(\.tag).sorted().joined(separator: ","))
        return f.hex
    }

    /// The summary of an incremental build that has nothing to make, found without parsing a
    /// template, form, office or offers file (they are only read and fingerprinted): a build after
    /// no change takes milliseconds. Nil when something must be made, or when it cannot tell
    /// (no manifest, a new selection, a changed file under `Templates/`): then `run` decides
    /// document by document. Catalogs whose file changed are parsed, to compare the units used.
    /// `project`: the project under `root` if the caller has read it already.
    public static func upToDate(root: URL, folder: URL, options: Options, project read: TranslationProject? = nil) -> Summary? {
        guard options.incremental, !options.force else { return nil }
        let start = Date()
        var manifest = BuildManifest.read(in: folder)
        guard !manifest.documents.isEmpty, let project = read ?? (try? TranslationProject(root: root)) else { return nil }
        let files = InputFingerprints()
        let templates = files.readAll(under: root.appendingPathComponent("Templates"), root: root)
        guard let names = manifest.plans[planKey(templates: templates, project: project, options: options)] else { return nil }
        let fonts = FontIndex.standard.stamp()
        var records: [(name: String, record: BuildManifest.Record, language: Language)] = []
        for name in names {
            guard let r = manifest.documents[name], let entry = project.languages.entry(for: Language(r.language)),
                r.settings == settings(entry, options), r.fonts == fonts,
                r.inputs.allSatisfy({ files.of($0.key.hasPrefix("/") ? $0.key : root.appendingPathComponent($0.key).path) == $0.value })
            else { return nil }
            records.append((name, r, entry.tag))
        }
        // Catalogs: unchanged files need nothing more; a changed one is parsed and the units
        // each document used compared.
        var catalogFiles: [Language: String?] = [:]
        var parsed: [Language: Catalog] = [:]
        var changed = false
        for (name, r, language) in records where language != project.languages.source {
            if catalogFiles[language] == nil { catalogFiles[language] = .some(Fingerprint.ofFile(project.catalogFile(language).path)) }
            let current = catalogFiles[language] ?? nil
            guard r.catalog != current else { continue }
            if parsed[language] == nil { parsed[language] = try? project.catalog(language) }
            guard let catalog = parsed[language], let set = r.unitSet, let ids = manifest.unitSets[set],
                catalog.fingerprint(units: ids) == r.units
            else { return nil }
            manifest.documents[name]?.catalog = current
            manifest.documents[name]?.fallbacks = r.fallbacks.map { f in
                var f = f
                if let german = f.german { f.location = catalog.location(id: f.unit, german: german) }
                return f
            }
            changed = true
        }
        // Outputs last: reading them is the dearest check, wasted when a catalog answered already.
        guard outputsIntact(records.map(\.record), in: folder) else { return nil }
        if changed {
            guard (try? manifest.write(in: folder)) != nil else { return nil }
        }
        var summary = Summary()
        for (name, _, language) in records {
            guard let r = manifest.documents[name] else { continue }
            summary.upToDate += 1
            summary.fallbacks += r.fallbacks.map { Fallback(language: language, unit: $0.unit, reason: $0.reason, location: $0.location, german: $0.german) }
            if r.drafts { summary.drafts += 1 }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Whether every output file of these records is there with its recorded size and
    /// fingerprint (read on every core).
    static func outputsIntact(_ records: [BuildManifest.Record], in folder: URL) -> Bool {
        let outputs = records.flatMap(\.outputs)
        let bad = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: outputs.count) { i in
            guard bad.load(ordering: .relaxed) == 0 else { return }
            if !intact(outputs[i], in: folder) { bad.add(1, ordering: .relaxed) }
        }
        return bad.load(ordering: .relaxed) == 0
    }

    static func intact(_ o: BuildManifest.Output, in folder: URL) -> Bool {
        let path = folder.appendingPathComponent(o.file).path
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == o.size else { return false }
        return Fingerprint.ofFile(path) == o.fingerprint
    }
}

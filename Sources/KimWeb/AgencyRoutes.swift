import Foundation
import Hummingbird
import KimCatalog
import KimCore
import KimDoc

/// The agency round trip in the browser (issue 17): a language's PO file to download for a
/// translation agency (all units, or those that need work, each marked with the version sent),
/// and a returned file uploaded: checked with `catalog check`'s findings (file:line), then what a
/// merge would change (new, changed, conflicting with a save made here since), merged only when
/// confirmed, in one atomic write, with a history entry per unit. The library
/// (`TranslationProject.check(bytes:)`, `merge(bytes:)`, `export`) does the work.
extension WebApp {
    /// The largest PO file taken: the project's largest catalog is about 60 KB.
    static let maxPOFile = 2 << 20

    func addAgencyRoutes(_ router: Router<WebContext>) {
        let group = router.group("agency")

        group.get(":lang") { _, context -> Response in
            let user = try require(context, .translator)
            return page(context) {
                let project = try documents.project.snapshot().build.project
                let entry = try targetLanguage(project, context.parameters.get("lang") ?? "")
                let label = LanguageLabel(entry)
                return pages.render(
                    "agency",
                    [
                        "title": "Agentur: \(label.name)", "language": label.dictionary, "export": "/agency/\(label.tag)/export.po",
                        "check": "/agency/\(label.tag)/check", "back": "/translations/\(label.tag)", "mayReview": try users.mayReview(user, entry.tag),
                        "limit": "\(Self.maxPOFile >> 20) MB",
                    ], context: context)
            }
        }

        group.get(":lang/export.po") { request, context -> Response in
            _ = try require(context, .translator)
            return page(context) {
                let project = try documents.project.snapshot().build.project
                let entry = try targetLanguage(project, context.parameters.get("lang") ?? "")
                let onlyWork = request.uri.queryParameters["units"] == "work"
                let text = try project.export(entry.tag, onlyNeedingWork: onlyWork)
                return .file(Data(text.utf8), type: "text/x-gettext-translation; charset=utf-8", name: "\(entry.tag.tag)\(onlyWork ? "-offen" : "").po")
            }
        }

        group.post(":lang/check") { request, context -> Response in
            let user = try require(context, .translator)
            var request = request
            let buffer = try await request.collectBody(upTo: Self.maxPOFile + (64 << 10))
            guard let upload = try? Multipart(Array(buffer.readableBytesView), contentType: request.headers[.contentType] ?? "") else {
                throw HTTPError(.badRequest, message: "Das Hochladen ist nicht als Formular (multipart/form-data) angekommen.")
            }
            guard let expected = context.csrf, let given = upload["csrf"], Self.constantTimeEqual(expected, given) else {
                throw HTTPError(.forbidden, message: "Das Formular ist abgelaufen oder stammt nicht von dieser Seite; laden Sie die Seite neu.")
            }
            guard let file = upload.file("po"), !file.data.isEmpty else {
                return errorPage(.unprocessableContent, "Bitte wählen Sie eine PO-Datei aus.", context: context)
            }
            guard file.data.count <= Self.maxPOFile else {
                throw HTTPError(.contentTooLarge, message: "Die Datei ist größer als \(Self.maxPOFile >> 20) MB; ein Katalog ist viel kleiner.")
            }
            let name = Self.uploadName(file.filename)
            return page(context) {
                try agencyReport(bytes: file.data, name: name, user: user, context: context, merge: nil)
            }
        }

        group.post(":lang/merge") { request, context -> Response in
            let user = try require(context, .translator)
            let body = try await form(request, limit: Self.maxPOFile * 4 / 3 + (64 << 10))
            try checkCSRF(body, context)
            let lang = context.parameters.get("lang") ?? ""
            let keepFileStates = body["keep"] == "file"
            guard let encoded = body["po"], let data = Data(base64Encoded: encoded), data.count <= Self.maxPOFile else {
                throw HTTPError(.badRequest, message: "Die Datei ist nicht mitgekommen; laden Sie sie noch einmal hoch.")
            }
            return page(context) {
                let project = try documents.project.snapshot().build.project
                let entry = try targetLanguage(project, lang)
                if keepFileStates, !(try users.mayReview(user, entry.tag)) {
                    throw HTTPError(.forbidden, message: "Sie dürfen Übersetzungen ins \(entry.englishName) nicht als geprüft übernehmen; übernehmen Sie sie als Entwürfe.")
                }
                return try agencyReport(
                    bytes: Array(data), name: Self.uploadName(body["name"]), user: user, context: context,
                    merge: (asDrafts: !keepFileStates, expecting: body["catalog"] ?? "", choice: Self.mergeChoice(body)))
            }
        }
    }

    /// The report page's choices: a `take` checkbox per changed unit, a `conflict.<unit>` radio
    /// (`file` or `here`) per conflict. The library decides what they mean.
    static func mergeChoice(_ body: FormBody) -> TranslationProject.MergeChoice {
        var choice = TranslationProject.MergeChoice(take: Set(body.all("take")))
        for (name, value) in body.fields where name.hasPrefix("conflict.") {
            let unit = String(name.dropFirst("conflict.".count))
            if value == "file" { choice.take.insert(unit) } else if value == "here" { choice.keep.insert(unit) }
        }
        return choice
    }

    /// A file name as messages show it: the upload's own if it is a plain name, else `upload.po`.
    static func uploadName(_ name: String?) -> String {
        guard let name, (1...80).contains(name.count),
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) })
        else { return "upload.po" }
        return name
    }

    /// The report on a returned file: its findings; without errors, what a merge changes (a dry
    /// run), or with `merge` what it changed.
    func agencyReport(
        bytes: [UInt8], name: String, user: WebUser, context: WebContext, merge: (asDrafts: Bool, expecting: String, choice: TranslationProject.MergeChoice)?
    ) throws -> Response {
        let project = try documents.project.snapshot().build.project
        let entry = try targetLanguage(project, context.parameters.get("lang") ?? "")
        let label = LanguageLabel(entry)
        let fingerprint = try project.catalogFingerprint(entry.tag)
        var report = try project.merge(
            bytes: bytes, name: name, language: entry.tag, dryRun: merge == nil, asDrafts: merge?.asDrafts ?? false, expecting: merge?.expecting,
            choice: merge?.choice)
        let stale = report.stale
        let refused = report.refused
        if stale || refused {
            // The catalog changed since the report was shown, or a choice is missing: nothing was
            // written; show the report as it is now, with the choices made so far.
            let again = try project.merge(bytes: bytes, name: name, language: entry.tag, dryRun: true)
            report.offered = again.offered
            report.findings = again.findings
            report.unchanged = again.unchanged
            report.notInCatalog = again.notInCatalog
        }
        let merged = merge != nil && !stale && !refused
        let chosen = merge?.choice
        if merged {
            for t in report.taken {
                try users.recordSave(language: entry.tag, unit: t.unit, user: user, oldText: t.old, newText: t.new, state: t.draft ? "Entwurf (Agentur)" : "geprüft (Agentur)")
            }
        }
        let errors = report.findings.filter { $0.severity == .error }
        let added = Set(report.added)
        let offered = report.offered
        // A unit offered for a choice; on a report shown again, the choices made are kept.
        func row(_ u: TranslationProject.OfferedUnit) -> [String: Any] {
            let take = chosen.map { $0.take.contains(u.unit) } ?? !u.conflict
            let keep = chosen?.keep.contains(u.unit) ?? false
            return [
                "unit": u.unit, "href": "/translations/\(label.tag)/\(u.unit)", "german": u.german, "here": u.here, "file": u.file,
                "hereState": Self.stateName(u.hereState), "state": u.draft ? "Entwurf" : "geprüft", "kind": u.here.isEmpty ? "neu" : "geändert",
                "take": take, "keep": keep, "field": "conflict.\(u.unit)", "id": "\(u.unit.replacingOccurrences(of: ".", with: "-"))",
            ]
        }
        let data: [String: Any] = [
            "title": "Agentur-Datei prüfen: \(label.name)", "language": label.dictionary, "name": name,
            "findings": report.findings.map { f -> [String: Any] in
                ["where": "\(f.file):\(f.line)", "severity": f.severity == .error ? "Fehler" : "Hinweis", "message": f.message]
            },
            "hasFindings": !report.findings.isEmpty, "hasErrors": !errors.isEmpty, "errorCount": errors.count,
            "taken": report.taken.map { t -> [String: Any] in
                ["unit": t.unit, "href": "/translations/\(label.tag)/\(t.unit)", "kind": added.contains(t.unit) ? "neu" : "geändert", "old": t.old, "new": t.new,
                 "state": t.draft ? "Entwurf" : "geprüft"]
            },
            "hasTaken": !report.taken.isEmpty, "takenCount": report.taken.count,
            "unchanged": report.unchanged, "skipped": report.skipped.joined(separator: ", "), "hasSkipped": merged && !report.skipped.isEmpty,
            "kept": report.kept.joined(separator: ", "), "hasKept": merged && !report.kept.isEmpty,
            "changes": offered.filter { !$0.conflict }.map(row), "hasChanges": offered.contains { !$0.conflict },
            "changeCount": offered.filter { !$0.conflict }.count,
            "conflicts": offered.filter(\.conflict).map(row), "hasConflicts": offered.contains(where: \.conflict),
            "conflictCount": offered.filter(\.conflict).count,
            "undecided": report.undecided.joined(separator: ", "), "hasUndecided": !report.undecided.isEmpty,
            "notOffered": report.notOffered.joined(separator: ", "), "hasNotOffered": !report.notOffered.isEmpty,
            "notInCatalog": report.notInCatalog.joined(separator: ", "), "hasNotInCatalog": !report.notInCatalog.isEmpty,
            "merged": merged, "stale": stale, "confirm": !merged && errors.isEmpty && !offered.isEmpty,
            "mergeAction": "/agency/\(label.tag)/merge", "po": Data(bytes).base64EncodedString(), "catalog": fingerprint,
            "mayReview": try users.mayReview(user, entry.tag), "back": "/agency/\(label.tag)",
        ]
        return pages.render(
            "agency-report", data, context: context, status: !errors.isEmpty || refused ? .unprocessableContent : stale ? .conflict : .ok)
    }
}

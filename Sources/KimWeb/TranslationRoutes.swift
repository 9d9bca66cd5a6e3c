import Foundation
import Hummingbird
import KimCatalog
import KimCore
import KimDoc
import KimUnicode
import Synchronization

/// Translators in the browser (issue 17, first part): per language the counts of `catalog status`,
/// the units with filters and search, and an editor per unit with the German, the notes, where it
/// is used, the glossary, placeholders to insert, the checks of `catalog check` as one types, and
/// saving as draft or reviewed through the same PO writer as the command line. A save names the
/// version it started from; if someone saved the unit since, nothing is overwritten and both
/// texts are shown.
extension WebApp {
    func addTranslationRoutes(_ router: Router<WebContext>) {
        let group = router.group("translations")

        group.get("") { _, context -> Response in
            _ = try require(context, .translator)
            return page(context) {
                let snapshot = try documents.project.snapshot()
                let project = snapshot.build.project
                let overflowing = try overflowingUnits(snapshot)
                let rows = try project.targetLanguages.map { entry -> [String: Any] in
                    let units = try project.units(entry.tag)
                    func count(_ s: TranslationProject.UnitState) -> Int { units.filter { $0.state == s }.count }
                    var d = LanguageLabel(entry).dictionary
                    d["total"] = units.count
                    d["translated"] = count(.translated)
                    d["draft"] = count(.draft)
                    d["outdated"] = count(.outdated)
                    d["untranslated"] = count(.untranslated)
                    d["done"] = count(.translated) + count(.draft)
                    d["failing"] = units.filter { $0.findings.contains { $0.severity == .error } }.count
                    d["href"] = "/translations/\(entry.tag.tag)"
                    d["agency"] = "/agency/\(entry.tag.tag)"
                    let over = overflowing[entry.tag] ?? (units: [], documents: 0)
                    d["overflowing"] = over.units.count
                    d["overflowDocuments"] = over.documents
                    return d
                }
                return pages.render("translations", ["title": "Übersetzungen", "languages": rows], context: context)
            }
        }

        group.get(":lang") { request, context -> Response in
            _ = try require(context, .translator)
            let lang = context.parameters.get("lang") ?? ""
            return page(context) {
                let project = try documents.project.snapshot().build.project
                let entry = try targetLanguage(project, lang)
                let label = LanguageLabel(entry)
                let state = request.uri.queryParameters["state"].map(String.init) ?? ""
                let query = (request.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
                let units = try project.units(entry.tag).filter { unit in
                    (state.isEmpty || unit.state.rawValue == state || (state == "failing" && unit.findings.contains { $0.severity == .error }))
                        && (query.isEmpty || unit.german.localizedCaseInsensitiveContains(query) || (unit.translation ?? "").localizedCaseInsensitiveContains(query)
                            || unit.id.localizedCaseInsensitiveContains(query))
                }
                let filters = [("", "alle"), ("untranslated", "nicht übersetzt"), ("outdated", "veraltet"), ("draft", "Entwurf"), ("translated", "geprüft"), ("failing", "mit Fehlern")]
                return pages.render(
                    "translation-units",
                    [
                        "title": "Übersetzungen: \(label.name)", "language": label.dictionary, "query": query, "count": units.count,
                        "filters": filters.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == state] },
                        "units": units.map { u -> [String: Any] in
                            [
                                "id": u.id, "german": u.german, "translation": u.translation ?? "", "state": Self.stateName(u.state), "stateClass": u.state.rawValue,
                                "href": "/translations/\(label.tag)/\(u.id)", "errors": u.findings.filter { $0.severity == .error }.count,
                            ]
                        },
                    ], context: context)
            }
        }

        group.get(":lang/:unit") { _, context -> Response in
            let user = try require(context, .translator)
            return page(context) {
                let (project, entry, unit) = try self.unit(context)
                return try editorPage(project: project, language: entry, unit: unit, user: user, context: context)
            }
        }

        group.post(":lang/:unit/check") { request, context -> Response in
            _ = try require(context, .translator)
            let body = try await form(request, limit: 256 << 10)
            try checkCSRF(body, context)
            let (project, entry, unit) = try self.unit(context)
            let findings = try project.check(try typedText(body, german: unit.german, language: entry.tag), unit: unit.id, language: entry.tag)
            struct Answer: Encodable { let findings: [Item]; struct Item: Encodable { let severity: String, message: String } }
            let json = try JSONEncoder().encode(Answer(findings: findings.map { .init(severity: $0.severity.rawValue, message: $0.message) }))
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }

        group.post(":lang/:unit/preview") { request, context -> Response in
            _ = try require(context, .translator)
            let body = try await form(request, limit: 256 << 10)
            try checkCSRF(body, context)
            // From the snapshot in memory: the preview reads no file.
            let snapshot = try documents.project.snapshot()
            let entry = try targetLanguage(snapshot.build.project, context.parameters.get("lang") ?? "")
            let id = context.parameters.get("unit") ?? ""
            struct Example: Encodable { let category: String, number: String, region: String?, overflow: String? }
            struct Answer: Encodable {
                let document: String, office: String, page: Int?, pages: [String], region: String?, overflow: String?, overflows: [String], examples: [Example], problem: String?
            }
            func png(_ data: Data?) -> String? { data.map { "data:image/png;base64," + $0.base64EncodedString() } }
            func millimetres(_ mm: Double?) -> String? { mm.map { "Der Text passt nicht in sein Feld: \(String(format: "%.1f", $0)) mm zu viel" } }
            // One preview per core at a time, in the order they came.
            let answer = try await renders.run { () throws -> Answer in
                do {
                    guard let german = snapshot.build.sourceGerman(id) else {
                        throw KimError("\(id) is used by no flyer, form or guide, so there is nothing to preview.")
                    }
                    let text = try typedText(body, german: german, language: entry.tag)
                    let examples = try TranslationProject.pluralShape(german: german, language: entry.tag).map { p in
                        (argument: p.argument, numbers: p.categories.compactMap { c in c.numbers.first.map { (category: c.category.rawValue, number: $0) } })
                    }
                    // While typing the editor asks for the region only (`pages=none`); the page comes when typing pauses.
                    let p = try snapshot.build.preview(
                        text, unit: id, language: entry, office: body["office"].flatMap { $0.isEmpty ? nil : $0 }, catalogs: snapshot.catalogs, examples: examples,
                        thumbnails: body["pages"] != "none")
                    return Answer(
                        document: p.document, office: p.office, page: p.page, pages: p.pages.compactMap { png($0) }, region: png(p.region), overflow: millimetres(p.unitOverflow),
                        overflows: p.overflows.map { "Block \($0.block) passt nicht: \(String(format: "%.1f", $0.millimetres)) mm zu viel" },
                        examples: p.examples.map { Example(category: $0.category, number: Self.exampleNumber($0.number), region: png($0.region), overflow: millimetres($0.unitOverflow)) },
                        problem: nil)
                } catch let e as KimError {
                    return Answer(document: "", office: "", page: nil, pages: [], region: nil, overflow: nil, overflows: [], examples: [], problem: e.message)
                }
            }
            let json = try JSONEncoder().encode(answer)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }

        group.post(":lang/:unit") { request, context -> Response in
            let user = try require(context, .translator)
            let body = try await form(request, limit: 256 << 10)
            try checkCSRF(body, context)
            return page(context) {
                let (project, entry, unit) = try self.unit(context)
                let reviewed = body["action"] == "reviewed"
                if reviewed, !(try users.mayReview(user, entry.tag)) {
                    throw HTTPError(.forbidden, message: "Sie dürfen Übersetzungen ins \(entry.englishName) nicht als geprüft markieren; speichern Sie sie als Entwurf.")
                }
                let text = try typedText(body, german: unit.german, language: entry.tag)
                switch try project.save(text, unit: unit.id, language: entry.tag, reviewed: reviewed, basedOn: body["version"] ?? "") {
                case .saved(let now):
                    try users.recordSave(language: entry.tag, unit: unit.id, user: user, oldText: unit.translation ?? "", newText: text, state: Self.stateName(now.state))
                    return .redirect("/translations/\(entry.tag.tag)/\(unit.id)?gespeichert=1")
                case .conflict(let now):
                    return try editorPage(project: project, language: entry, unit: now, user: user, context: context, status: .conflict, yours: text)
                }
            }
        }
    }

    func targetLanguage(_ project: TranslationProject, _ tag: String) throws -> ProjectLanguages.Entry {
        guard let entry = project.targetLanguages.first(where: { $0.tag.tag == tag }) else {
            throw KimError("no catalog for '\(tag)'; languages are \(project.targetLanguages.map(\.tag.tag).joined(separator: ", ")).")
        }
        return entry
    }

    func unit(_ context: WebContext) throws -> (TranslationProject, ProjectLanguages.Entry, TranslationProject.UnitRow) {
        let project = try documents.project.snapshot().build.project
        let entry = try targetLanguage(project, context.parameters.get("lang") ?? "")
        let id = context.parameters.get("unit") ?? ""
        guard let unit = try project.unit(id, language: entry.tag) else { throw DocumentService.NotFound() }
        return (project, entry, unit)
    }

    /// The text a form sends: the `text` field, or for a plural unit's fields one MessageFormat
    /// message made by the library (only the language's CLDR categories and explicit `=N`
    /// values are taken).
    func typedText(_ body: FormBody, german: String, language: Language) throws -> String {
        guard body["kind"] == "plural", let shape = try TranslationProject.pluralShape(german: german, language: language) else { return body["text"] ?? "" }
        var cases: [String: String] = [:]
        for (category, _) in shape.categories { cases[category.rawValue] = body["plural-\(category.rawValue)"] ?? "" }
        for (name, value) in body.fields where name.hasPrefix("plural-=") {
            let selector = String(name.dropFirst("plural-".count))
            if selector.count > 1, selector.count <= 10, selector.dropFirst().allSatisfy({ ("0"..."9").contains($0) }) { cases[selector] = value }
        }
        return try TranslationProject.pluralText(german: german, before: body["plural-before"] ?? "", cases: cases, after: body["plural-after"] ?? "")
    }

    /// An example number as the editor shows it: 3, or 1.5.
    static func exampleNumber(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 { return String(format: "%.0f", n) }
        return String(n)
    }

    /// Per language, the units whose box overflows in some document (flyers, forms and guides
    /// for every office, as the document badges lay them out, by content key cached), and how
    /// many documents overflow.
    func overflowingUnits(_ snapshot: ProjectState.Snapshot) throws -> [Language: (units: Set<String>, documents: Int)] {
        let jobs = try snapshot.build.jobs(DocumentBuild.Options()).filter { $0.language.tag != snapshot.build.project.languages.source }
        let results = Mutex<[Language: (units: Set<String>, documents: Int)]>([:])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let job = jobs[i]
            do {
                let s = try documents.summary(DocumentService.Key(template: job.id, office: job.office.id, language: job.language.tag.tag))
                results.withLock { r in
                    var v = r[job.language.tag] ?? ([], 0)
                    v.units.formUnion(s.overflowingUnits)
                    if !s.overflows.isEmpty { v.documents += 1 }
                    r[job.language.tag] = v
                }
            } catch {
                errors.withLock { $0.append(KimError.describe(error)) }
            }
        }
        if let first = errors.withLock({ $0.first }) { throw KimError(first) }
        return results.withLock { $0 }
    }

    static func stateName(_ state: TranslationProject.UnitState) -> String {
        switch state {
        case .translated: "geprüft"
        case .draft: "Entwurf"
        case .outdated: "veraltet"
        case .untranslated: "nicht übersetzt"
        }
    }

    func editorPage(
        project: TranslationProject, language: ProjectLanguages.Entry, unit: TranslationProject.UnitRow, user: WebUser, context: WebContext,
        status: HTTPResponse.Status = .ok, yours: String? = nil
    ) throws -> Response {
        let label = LanguageLabel(language)
        var data: [String: Any] = [
            "title": "\(unit.id) – \(label.name)", "language": label.dictionary, "unit": unit.id, "german": unit.german,
            "translation": yours ?? unit.translation ?? "", "state": Self.stateName(unit.state), "stateClass": unit.state.rawValue,
            "version": unit.version, "notes": unit.notes, "references": unit.references, "hasReferences": !unit.references.isEmpty,
            "placeholders": unit.placeholders.map { ["text": "{\($0)}"] }, "hasPlaceholders": !unit.placeholders.isEmpty,
            "findings": unit.findings.map { ["severity": $0.severity == .error ? "Fehler" : "Hinweis", "message": $0.message] },
            "mayReview": try users.mayReview(user, language.tag), "action": "/translations/\(label.tag)/\(unit.id)",
            "check": "/translations/\(label.tag)/\(unit.id)/check", "preview": "/translations/\(label.tag)/\(unit.id)/preview",
            "back": "/translations/\(label.tag)",
            "glossary": try project.glossaryTerms(in: unit.german, language: language.tag).map { ["german": $0.german, "renderings": $0.renderings.joined(separator: " | ")] },
            "history": try users.history(language: language.tag, unit: unit.id).map {
                ["who": $0.userName, "when": UTCTime($0.time).date + " " + UTCTime($0.time).time + " UTC", "old": $0.oldText, "new": $0.newText, "state": $0.state]
            },
        ]
        if let previous = unit.previousGerman { data["diff"] = WordDiff.html(from: previous, to: unit.german) }
        if let plural = unit.plural {
            // The typed text of a conflict, split again (if it still splits).
            let typed = yours.flatMap { PluralMessage.split($0) }
            data["plural"] = [
                "argument": plural.argument, "before": typed?.before ?? plural.before, "after": typed?.after ?? plural.after,
                "fields": plural.fields.map { f -> [String: Any] in
                    [
                        "selector": f.selector, "name": "plural-\(f.selector)", "id": "plural-\(f.selector.replacingOccurrences(of: "=", with: "eq"))",
                        "examples": f.examples.map(Self.exampleNumber).joined(separator: ", "), "hasExamples": !f.examples.isEmpty,
                        "text": typed?.cases.first { $0.selector == f.selector }?.text ?? f.text,
                    ]
                },
            ] as [String: Any]
        }
        if let yours {
            data["conflict"] = ["yours": yours, "theirs": unit.translation ?? ""]
        }
        return pages.render("translation-editor", data, context: context, status: status)
    }
}

/// The changed words between two texts, as HTML with `<del>` and `<ins>` (escaped text).
enum WordDiff {
    static func html(from old: String, to new: String) -> String {
        let a = old.split(separator: " ").map(String.init), b = new.split(separator: " ").map(String.init)
        guard a.count * b.count <= 250_000 else { return "<del>\(escape(old))</del> <ins>\(escape(new))</ins>" }
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append(escape(a[i])); i += 1; j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                out.append("<ins>\(escape(b[j]))</ins>"); j += 1
            } else {
                out.append("<del>\(escape(a[i]))</del>"); i += 1
            }
        }
        return out.joined(separator: " ")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}

import Foundation
import Hummingbird
import KimCore
import KimDoc
import KimForm
import KimLayout
import KimRender
import KimTemplate

/// Translated forms for case managers: the form of `Templates/forms/` on screen with every label
/// in German and in the client's language, checked on the server by `ClientValidator`, returned
/// as the filled bilingual PDF. Client data lives only in the request and the PDF: it is not
/// logged, stored, cached or put in a URL, and the answer says `no-store`.
extension WebApp {
    func addFormRoutes(_ router: Router<WebContext>) {
        let group = router.group("forms")

        group.get(":form") { _, context -> Response in
            _ = try require(context, .caseManager, .staff)
            let id = context.parameters.get("form") ?? ""
            return page(context) {
                let snapshot = try documents.project.snapshot()
                let form = try snapshot.forms.form(id)
                let languages = snapshot.build.project.languages.languages.map { entry -> [String: Any] in
                    var d = LanguageLabel(entry).dictionary
                    d["href"] = "/forms/\(form.id)/\(entry.tag.tag)"
                    d["blank"] = "/forms/\(form.id)/\(entry.tag.tag)/blank.pdf"
                    return d
                }
                return pages.render("form-languages", ["title": "Formular \(form.id)", "form": form.id, "formTitle": form.title.german, "languages": languages], context: context)
            }
        }

        group.get(":form/:lang") { request, context -> Response in
            _ = try require(context, .caseManager, .staff)
            let (id, lang) = (context.parameters.get("form") ?? "", context.parameters.get("lang") ?? "")
            return page(context) {
                let snapshot = try documents.project.snapshot()
                let form = try snapshot.forms.form(id)
                let language = try snapshot.forms.language(lang)
                let office = try snapshot.forms.office(request.uri.queryParameters["office"].map(String.init))
                let labels = try FormLabels(snapshot: snapshot, language: language, office: office)
                let label = LanguageLabel(language)
                return pages.render(
                    "form",
                    [
                        "title": "\(form.title.german) – \(label.name)", "form": form.id, "formTitle": form.title.german,
                        "formTitleTranslated": labels.text(form.title), "language": label.dictionary, "office": office.id,
                        "offices": snapshot.forms.offices.map { ["id": $0.id, "name": $0.name, "selected": $0.id == office.id] },
                        "action": "/forms/\(form.id)/\(language.tag.tag)/pdf", "batch": "/forms/\(form.id)/\(language.tag.tag)/batch", "blank": "/forms/\(form.id)/\(language.tag.tag)/blank.pdf?office=\(office.id)",
                        "sections": form.sections.map { labels.section($0) }, "back": "/forms/\(form.id)",
                    ], context: context)
            }
        }

        group.get(":form/:lang/blank.pdf") { request, context -> Response in
            _ = try require(context, .caseManager, .staff)
            let (id, lang) = (context.parameters.get("form") ?? "", context.parameters.get("lang") ?? "")
            return await rendering(context) {
                let snapshot = try documents.project.snapshot()
                let office = try snapshot.forms.office(request.uri.queryParameters["office"].map(String.init))
                let key = DocumentService.Key(template: id, office: office.id, language: lang)
                return .file(try documents.pdf(key), type: "application/pdf", name: "\(id)-\(lang)-leer.pdf")
            }
        }

        group.post(":form/:lang/batch") { request, context -> Response in
            _ = try require(context, .caseManager, .staff)
            var request = request
            let buffer = try await request.collectBody(upTo: WebLimits.maxBody)
            guard let upload = try? Multipart(Array(buffer.readableBytesView), contentType: request.headers[.contentType] ?? "") else {
                throw HTTPError(.badRequest, message: "Das Hochladen ist nicht als Formular (multipart/form-data) angekommen.")
            }
            guard let expected = context.csrf, let given = upload["csrf"], Self.constantTimeEqual(expected, given) else {
                throw HTTPError(.forbidden, message: "Das Formular ist abgelaufen oder stammt nicht von dieser Seite; laden Sie die Seite neu.")
            }
            let (id, lang) = (context.parameters.get("form") ?? "", context.parameters.get("lang") ?? "")
            return await rendering(context) {
                guard let file = upload.file("csv"), !file.data.isEmpty else { throw KimError("Bitte wählen Sie eine CSV-Datei aus.") }
                let snapshot = try documents.project.snapshot()
                let form = try snapshot.forms.form(id)
                let language = try snapshot.forms.language(lang)
                let office = try snapshot.forms.office(upload["office"].flatMap { $0.isEmpty ? nil : $0 })
                var options = FormLayout.Options()
                options.creationDate = documents.creationDate
                // The upload is named "the CSV file" in messages: its file name may name a client.
                switch try snapshot.forms.archive(
                    csv: Data(file.data), name: "the CSV file", form: form, office: office, language: language,
                    acceptTransliterations: upload["transliterate"] == "1", options: options)
                {
                case .success(let zip):
                    return .file(zip, type: "application/zip", name: "\(form.id)-\(language.tag.tag)-stapel.zip")
                case .failure(let problems):
                    let labels = try FormLabels(snapshot: snapshot, language: language, office: office)
                    let items = problems.list.map { p -> [String: Any] in
                        ["row": p.row, "label": p.field.map { labels.fieldLabel(form, $0) } ?? "", "hasField": p.field != nil, "message": p.message]
                    }
                    return pages.render(
                        "batch-problems", ["title": "Stapel prüfen", "problems": items, "count": items.count, "back": "/forms/\(form.id)/\(language.tag.tag)"],
                        context: context, status: .unprocessableContent)
                }
            }
        }

        group.post(":form/:lang/pdf") { request, context -> Response in
            _ = try require(context, .caseManager, .staff)
            let body = try await form(request, limit: 1 << 20)
            try checkCSRF(body, context)
            let (id, lang) = (context.parameters.get("form") ?? "", context.parameters.get("lang") ?? "")
            let wantsJSON = request.headers[.accept]?.contains("application/json") == true
            let snapshot = try documents.project.snapshot()
            let form = try snapshot.forms.form(id)
            let language = try snapshot.forms.language(lang)
            let office = try snapshot.forms.office(body["office"].flatMap { $0.isEmpty ? nil : $0 })
            let control: Set<String> = ["csrf", "office", "transliterate"]
            let raw = RawClient(source: "Webformular", named: body.fields.filter { !control.contains($0.name) }.map { ($0.name, $0.value) })
            let validator = snapshot.forms.validator(form, language: language.tag, acceptTransliterations: body["transliterate"] == "1")
            return try await renders.run { () throws -> Response in
                switch validator.check(raw) {
                case .success(let record):
                    var options = FormLayout.Options()
                    options.creationDate = documents.creationDate
                    let (data, _) = try snapshot.forms.pdf(form, office: office, language: language, client: record, catalog: snapshot.catalogs[language.tag], options: options)
                    return .file(data, type: "application/pdf", name: "\(form.id)-\(language.tag.tag).pdf")
                case .failure(let problems):
                    if wantsJSON {
                        struct Answer: Encodable {
                            struct Item: Encodable { let field: String, message: String, suggestion: String? }
                            let problems: [Item]
                        }
                        let json = try JSONEncoder().encode(Answer(problems: problems.list.map { .init(field: $0.field, message: $0.message, suggestion: $0.suggestion) }))
                        return Response(status: .unprocessableContent, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
                    }
                    let labels = try FormLabels(snapshot: snapshot, language: language, office: office)
                    let items = problems.list.map { p -> [String: Any] in
                        var d: [String: Any] = ["field": p.field, "label": labels.fieldLabel(form, p.field), "message": p.message]
                        if let s = p.suggestion { d["suggestion"] = s }
                        return d
                    }
                    return pages.render(
                        "form-problems", ["title": "Angaben prüfen", "problems": items, "back": "/forms/\(form.id)/\(language.tag.tag)"], context: context,
                        status: .unprocessableContent)
                }
            }
        }
    }
}

/// A form's texts for the page: German as written, the translation through the same
/// `TextResolver` the PDF uses (German where the catalog has no current translation).
struct FormLabels {
    let resolver: TextResolver
    let language: LanguageLabel

    init(snapshot: ProjectState.Snapshot, language: ProjectLanguages.Entry, office: OfficeData) throws {
        resolver = try TextResolver(language: language.tag, numberingSystem: language.numbers, catalog: snapshot.catalogs[language.tag], office: office)
        self.language = LanguageLabel(language)
    }

    func text(_ ref: TextRef) -> String {
        (try? resolver.resolve(ref).text.plainText) ?? ref.german
    }

    func pair(_ ref: TextRef) -> [String: Any] {
        ["de": ref.german, "tr": text(ref), "lang": language.tag, "dir": language.direction, "same": language.tag == "de"]
    }

    func fieldLabel(_ form: FormDefinition, _ id: String) -> String {
        form.fields[id].map { $0.label.german } ?? id
    }

    func section(_ section: FormSection) -> [String: Any] {
        var items: [[String: Any]] = []
        for item in section.items {
            switch item {
            case .field(let f): items.append(["field": field(f, name: f.id), "paragraph": false])
            case .paragraph(_, let ref): items.append(["paragraph": pair(ref), "field": false])
            }
        }
        return ["id": section.id, "title": pair(section.title), "items": items]
    }

    func field(_ f: FormField, name: String) -> [String: Any] {
        // Every flag is set, so that a row's cells never read their rows field's flags (Mustache
        // looks names up the context stack).
        var d: [String: Any] = [
            "id": f.id, "name": name, "domID": "f-" + name.replacingOccurrences(of: ".", with: "-"), "label": pair(f.label), "hint": false,
            "isInput": false, "isTextarea": false, "isChoice": false, "isCheckboxes": false, "isSignature": false, "isRows": false,
        ]
        if let hint = f.hint { d["hint"] = pair(hint) }
        switch f.kind {
        case .text(let lines):
            if lines > 1 { d["isTextarea"] = true; d["lines"] = lines } else { d["isInput"] = true; d["type"] = "text" }
        case .date: d["isInput"] = true; d["type"] = "date"
        case .number: d["isInput"] = true; d["type"] = "number"
        case .postcode: d["isInput"] = true; d["type"] = "text"
        case .phone: d["isInput"] = true; d["type"] = "tel"
        case .email: d["isInput"] = true; d["type"] = "email"
        case .choice(let options):
            d["isChoice"] = true
            d["options"] = options.map { ["id": $0.id, "label": pair($0.label), "domID": "f-\(name)-\($0.id)", "name": name] }
        case .checkboxes(let options):
            d["isCheckboxes"] = true
            d["options"] = options.map { ["id": $0.id, "label": pair($0.label), "domID": "f-\(name)-\($0.id)", "name": name] }
        case .signature:
            d["isSignature"] = true
        case .rows(let columns, let blankRows):
            d["isRows"] = true
            d["columns"] = columns.map { ["label": pair($0.label)] }
            d["rows"] = (1...max(1, blankRows)).map { n in
                ["number": n, "cells": columns.map { c -> [String: Any] in
                    var cell = field(c, name: "\(name).\(n).\(c.id)")
                    cell["rowNumber"] = n
                    return cell
                }]
            }
        }
        return d
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import KimCore
import KimDoc
import KimTestSupport
import KimWeb
import Testing

/// The translators' pages beyond the first part (issue 17): the preview cropped to the unit's
/// box, plural fields per CLDR category, the overview's overflow count and the agency round trip.
@Suite("Web app: translators' preview, plurals, overview, agency round trip")
struct TranslatorRouteTests {
    let route = WebRouteTests()

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    /// Width and height of a PNG given as a data URL.
    func pngSize(_ dataURL: String?) throws -> (Int, Int) {
        let url = try #require(dataURL)
        let data = try #require(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))))
        let b = [UInt8](data)
        try #require(b.count > 24 && b[1] == 0x50)
        func be(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        return (be(16), be(20))
    }

    @Test("the preview is the region around the unit's box (narrower than the page), plus the page; an overflow names the unit's millimetres")
    func region() async throws {
        try await route.withWeb { _, client in
            let tanja = try await client.signIn("tanja")
            let csrf = try await client.csrf("/translations/ar/flyer.audience.text", as: tanja)
            let fits = try json(try await client.preview("ar", "flyer.audience.text", text: "لجميع المهاجرين في {district}.", csrf: csrf, as: tanja))
            #expect(fits["page"] as? Int == 1)
            #expect(fits["overflow"] == nil || fits["overflow"] is NSNull)
            let (w, h) = try pngSize(fits["region"] as? String)
            // The A4 page at the region's 110 dpi is 909 × 1286 pixels; the region is one column
            // (86 mm + 8 mm ≈ 407 px) and a few lines high.
            #expect((380...440).contains(w), "\(w)")
            #expect(h > 100 && h < 900, "\(h)")
            let thumb = try pngSize((fits["pages"] as? [String])?.first)
            #expect(thumb.0 < thumb.1)
            // As one types, the editor asks for the region only: the same region, no page.
            let typing = try json(try await client.preview("ar", "flyer.audience.text", text: "لجميع المهاجرين في {district}.", csrf: csrf, as: tanja, [("pages", "none")]))
            #expect((typing["pages"] as? [String])?.isEmpty == true)
            #expect(try pngSize(typing["region"] as? String) == (w, h))
            let long = String(repeating: "نص طويل جدا لا يتسع في المربع ", count: 150) + "{district}"
            let over = try json(try await client.preview("ar", "flyer.audience.text", text: long, csrf: csrf, as: tanja))
            let message = try #require(over["overflow"] as? String)
            #expect(message.hasPrefix("Der Text passt nicht in sein Feld: ") && message.hasSuffix(" mm zu viel"))
            // The region reaches past the frame's end: taller than the one that fits.
            #expect(try pngSize(over["region"] as? String).1 > h)
            // No CSRF: refused; no session: to the login.
            let forged = try await client.execute(
                uri: "/translations/ar/flyer.audience.text/preview", method: .post, headers: formType + tanja.cookieHeader, body: body([("text", "x")]))
            #expect(forged.status == .forbidden)
            let anonymous = try await client.execute(uri: "/translations/ar/flyer.audience.text/preview", method: .post, headers: formType, body: body([("csrf", csrf)]))
            #expect(anonymous.status == .seeOther)
        }
    }

    @Test("a plural unit has one field per CLDR category with ICU's example numbers; its fields are saved as one MessageFormat message; the preview shows each example")
    func plurals() async throws {
        try await route.withWeb { web, client in
            let project = try TranslationProject(root: web.root)
            let tanja = try await client.signIn("tanja")
            let page = String(buffer: try await client.execute(uri: "/translations/ar/flyer.team.text", method: .get, headers: tanja.cookieHeader).body)
            for label in ["<code>zero</code> – z. B. 0<", "<code>one</code> – z. B. 1<", "<code>two</code> – z. B. 2<", "<code>few</code> – z. B. 3, 4, 5<",
                "<code>many</code> – z. B. 11, 12, 13<", "<code>other</code> – z. B. 100, 101, 102<"] {
                #expect(page.contains(label), "\(label)")
            }
            #expect(page.contains("<textarea id=\"plural-few\" name=\"plural-few\" rows=\"2\" lang=\"ar\" dir=\"rtl\" data-plural=\"few\">يعمل لدينا # مديري حالات.</textarea>"))
            #expect(!page.contains("<textarea id=\"text\""))
            // Russian: other is reached only by fractions.
            let ru = String(buffer: try await client.execute(uri: "/translations/ru/flyer.team.text", method: .get, headers: tanja.cookieHeader).body)
            #expect(ru.contains("<code>other</code> – z. B. 0.5<") && ru.contains("<code>few</code> – z. B. 2, 3, 4<") && !ru.contains("<code>zero</code>"))
            let csrf = try #require(hidden("csrf", in: page)), version = try #require(hidden("version", in: page))
            var fields: [(String, String)] = [("csrf", csrf), ("kind", "plural"), ("plural-before", ""), ("plural-after", " نتحدث {languages}.")]
            let forms = ["zero": "لا أحد.", "one": "واحد.", "two": "اثنان.", "few": "# قليل.", "many": "# كثير.", "other": "# آخر."]
            for c in ["zero", "one", "two", "many", "other"] { fields.append(("plural-\(c)", forms[c] ?? "")) }
            // The check of the message the fields make: "few" is missing.
            let check = String(buffer: try await client.execute(
                uri: "/translations/ar/flyer.team.text/check", method: .post, headers: formType + tanja.cookieHeader, body: body(fields + [("plural-few", "")])).body)
            #expect(check.contains("lacks the form few"), "\(check)")
            fields.append(("plural-few", forms["few"] ?? ""))
            let preview = try json(try await client.execute(
                uri: "/translations/ar/flyer.team.text/preview", method: .post, headers: formType + tanja.cookieHeader, body: body(fields)))
            let examples = try #require(preview["examples"] as? [[String: Any]])
            #expect(examples.map { $0["category"] as? String ?? "" } == ["zero", "one", "two", "few", "many", "other"])
            #expect(examples.map { $0["number"] as? String ?? "" } == ["0", "1", "2", "3", "11", "100"])
            #expect(examples.allSatisfy { ($0["region"] as? String)?.hasPrefix("data:image/png;base64,") == true })
            let saved = try await client.execute(
                uri: "/translations/ar/flyer.team.text", method: .post, headers: formType + tanja.cookieHeader,
                body: body(fields + [("version", version), ("action", "draft")]))
            #expect(saved.status == .seeOther)
            let unit = try #require(try project.unit("flyer.team.text", language: Language("ar")))
            #expect(unit.translation == "{case_managers, plural, zero {لا أحد.} one {واحد.} two {اثنان.} few {# قليل.} many {# كثير.} other {# آخر.}} نتحدث {languages}.")
            #expect(unit.state == .draft && unit.findings.filter { $0.severity == .error }.isEmpty)
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", project.catalogFile(Language("ar")).path]).status == 0)
        }
    }

    @Test("the overview counts per language the units overflowing in some document, as the document badges lay them out")
    func overviewOverflow() async throws {
        try await route.withWeb { web, client in
            let tanja = try await client.signIn("tanja")
            func count(_ lang: String) async throws -> Int? {
                let html = String(buffer: try await client.execute(uri: "/translations", method: .get, headers: tanja.cookieHeader).body)
                guard let row = html.range(of: "<a href=\"/translations/\(lang)\"") else { return nil }
                let rest = html[row.upperBound...]
                guard let cell = rest.range(of: "class=\"overflow-count\""), let close = rest[cell.upperBound...].range(of: "\">") else { return nil }
                return Int(rest[close.upperBound...].prefix { $0.isNumber })
            }
            let before = try #require(try await count("ar"))
            let page = String(buffer: try await client.execute(uri: "/translations/ar/flyer.audience.text", method: .get, headers: tanja.cookieHeader).body)
            let long = String(repeating: "نص طويل جدا لا يتسع في المربع ", count: 60) + "{district}"
            let saved = try await client.execute(
                uri: "/translations/ar/flyer.audience.text", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", try #require(hidden("csrf", in: page))), ("version", try #require(hidden("version", in: page))), ("text", long), ("action", "draft")]))
            #expect(saved.status == .seeOther)
            // The project is looked at again at most once a second.
            try await Task.sleep(for: .milliseconds(1100))
            let after = try #require(try await count("ar"))
            #expect(after > before, "\(before) → \(after)")
            // The document badge agrees: the Arabic A4 flyer overflows.
            let grid = String(buffer: try await client.execute(uri: "/documents/kim-flyer-a4", method: .get, headers: tanja.cookieHeader).body)
            #expect(grid.contains("<li class=\"badge overflow\">passt nicht</li>"))
            _ = web
        }
    }

    @Test("a form unit's and a guide unit's preview is the region around the unit's box (a crop of the page), not the whole page")
    func formAndGuideRegion() async throws {
        try await route.withWeb { _, client in
            let tanja = try await client.signIn("tanja")
            let csrf = try await client.csrf("/translations/ar/eat.applicant.surname", as: tanja)
            let form = try json(try await client.preview("ar", "eat.applicant.surname", text: "اسم العائلة (كما في جواز السفر)", csrf: csrf, as: tanja))
            #expect(form["document"] as? String == "eat" && form["page"] as? Int == 1)
            // The A4 page at 110 dpi is 909 × 1286 pixels; the region is the form's content width
            // (180 mm + 2 × 4 mm ≈ 815 px) and one row of fields with 12 mm above and below.
            let (w, h) = try pngSize(form["region"] as? String)
            #expect((812...817).contains(w), "\(w)")
            #expect(h > 100 && h < 400, "\(h)")
            #expect((form["pages"] as? [String])?.count == 1)
            let guide = try json(try await client.preview("ar", "offer.musterstadt.sprachcafe.description", text: "مقهى اللغة", csrf: csrf, as: tanja))
            #expect(guide["document"] as? String == "directory" && guide["office"] as? String == "musterstadt", "\(guide)")
            let (gw, gh) = try pngSize(guide["region"] as? String)
            // One of the guide's two columns.
            #expect(gw > 300 && gw < 909 / 2, "\(gw)")
            #expect(gh > 100 && gh < 1286 / 2, "\(gh)")
        }
    }

    func multipart(_ fields: [(String, String)], file: String, name: String = "ar-zurueck.po") -> (HTTPFields, ByteBuffer) {
        let boundary = "kimdocTestBoundaryPO42"
        var text = ""
        for (n, value) in fields { text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(n)\"\r\n\r\n\(value)\r\n" }
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"po\"; filename=\"\(name)\"\r\nContent-Type: text/x-gettext-translation\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(string: text))
    }

    /// The PO text with one unit's msgstr replaced (a one-line msgstr).
    func replacing(_ po: String, unit: String, with text: String) throws -> String {
        var lines = po.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "msgctxt \"\(unit)\""))
        let msgstr = try #require(lines[start...].firstIndex { $0.hasPrefix("msgstr ") })
        lines[msgstr] = "msgstr \"\(text)\""
        let i = msgstr + 1
        while i < lines.count, lines[i].hasPrefix("\"") { lines.remove(at: i) }
        return lines.joined(separator: "\n")
    }

    @Test("agency round trip: export marks units; an upload is checked (a bad entry named by line, nothing merged), then shows what a merge changes and merges only when confirmed, with history")
    func agency() async throws {
        try await route.withWeb { web, client in
            let project = try TranslationProject(root: web.root)
            let ar = project.catalogFile(Language("ar"))
            let tanja = try await client.signIn("tanja")
            let page = String(buffer: try await client.execute(uri: "/agency/ar", method: .get, headers: tanja.cookieHeader).body)
            let csrf = try #require(hidden("csrf", in: page))
            #expect(page.contains("href=\"/agency/ar/export.po?units=work\""))
            let export = try await client.execute(uri: "/agency/ar/export.po", method: .get, headers: tanja.cookieHeader)
            #expect(export.status == .ok && export.headers[.contentDisposition] == "attachment; filename=\"ar.po\"")
            let po = String(buffer: export.body)
            #expect(po.contains("# kimdoc-sent: "))
            let work = String(buffer: try await client.execute(uri: "/agency/ar/export.po?units=work", method: .get, headers: tanja.cookieHeader).body)
            // Only the units that need work (here every unit is still a draft), one entry each.
            let needing = try project.units(Language("ar")).filter { $0.state != .translated }.count
            #expect(work.components(separatedBy: "\nmsgctxt ").count - 1 == needing)

            // One bad entry: the placeholder is missing. The report names the file's line; nothing changes.
            let before = try Data(contentsOf: ar)
            let bad = try replacing(po, unit: "flyer.audience.text", with: "لجميع المهاجرين.")
            let badLine = try #require(bad.components(separatedBy: "\n").firstIndex(of: "msgstr \"لجميع المهاجرين.\"")) + 1
            let (h1, b1) = multipart([("csrf", csrf)], file: bad)
            let refused = try await client.execute(uri: "/agency/ar/check", method: .post, headers: h1 + tanja.cookieHeader, body: b1)
            #expect(refused.status == .unprocessableContent)
            let report = String(buffer: refused.body)
            #expect(report.contains("<code>ar-zurueck.po:\(badLine)</code>"), "\(badLine)")
            #expect(report.contains("placeholder {district} is missing"))
            #expect(!report.contains("name=\"keep\""))
            #expect(try Data(contentsOf: ar) == before)

            // A good file: the report lists the change, the catalog is untouched until confirmed.
            let good = try replacing(po, unit: "flyer.title", with: "إدارة الاندماج – استشارة")
            let (h2, b2) = multipart([("csrf", csrf)], file: good)
            let dry = try await client.execute(uri: "/agency/ar/check", method: .post, headers: h2 + tanja.cookieHeader, body: b2)
            #expect(dry.status == .ok)
            let dryHTML = String(buffer: dry.body)
            #expect(dryHTML.contains("<input type=\"checkbox\" name=\"take\" value=\"flyer.title\" id=\"t-flyer-title\" checked>"))
            #expect(dryHTML.contains("1 geändert, 0 Konflikt(e)"))
            #expect(!dryHTML.contains("value=\"file\""))
            #expect(try Data(contentsOf: ar) == before)
            let confirm = [("csrf", csrf), ("name", try #require(hidden("name", in: dryHTML))), ("catalog", try #require(hidden("catalog", in: dryHTML))),
                ("po", try #require(hidden("po", in: dryHTML))), ("take", "flyer.title")]
            // Without the reviewer right, the file's review states may not be kept.
            let noRight = try await client.execute(uri: "/agency/ar/merge", method: .post, headers: formType + tanja.cookieHeader, body: body(confirm + [("keep", "file")]))
            #expect(noRight.status == .forbidden)
            // A report made against another catalog: nothing merged, 409, the report again.
            let stale = try await client.execute(
                uri: "/agency/ar/merge", method: .post, headers: formType + tanja.cookieHeader,
                body: body(confirm.map { $0.0 == "catalog" ? ($0.0, "0000") : $0 } + [("keep", "drafts")]))
            #expect(stale.status == .conflict)
            #expect(try Data(contentsOf: ar) == before)
            // Confirmed as drafts: merged, a draft, history kept, msgfmt accepts the catalog.
            let merged = try await client.execute(uri: "/agency/ar/merge", method: .post, headers: formType + tanja.cookieHeader, body: body(confirm + [("keep", "drafts")]))
            #expect(merged.status == .ok)
            #expect(String(buffer: merged.body).contains("Übernommen"))
            let title = try #require(try project.unit("flyer.title", language: Language("ar")))
            #expect(title.translation == "إدارة الاندماج – استشارة" && title.state == .draft)
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", ar.path]).status == 0)
            let editor = String(buffer: try await client.execute(uri: "/translations/ar/flyer.title", method: .get, headers: tanja.cookieHeader).body)
            #expect(editor.contains("tanja (Entwurf (Agentur))"))

            // Changed here since it was sent: a conflict, not taken.
            let again = try replacing(po, unit: "flyer.title", with: "نص من الوكالة")
            let (h3, b3) = multipart([("csrf", csrf)], file: again)
            let conflict = String(buffer: try await client.execute(uri: "/agency/ar/check", method: .post, headers: h3 + tanja.cookieHeader, body: b3).body)
            #expect(conflict.contains("Konflikte") && conflict.contains("نص من الوكالة"))

            // With the right for Arabic only: keeping the file's states for Persian is refused.
            try UserStore(file: web.root.appendingPathComponent("var/test.sqlite"), cost: 4).setReviewLanguages(name: "tanja", languages: [Language("ar")])
            let fa = try await client.execute(uri: "/agency/fa/merge", method: .post, headers: formType + tanja.cookieHeader, body: body(confirm + [("keep", "file")]))
            #expect(fa.status == .forbidden)
            let faPage = String(buffer: try await client.execute(uri: "/translations/fa/flyer.title", method: .get, headers: tanja.cookieHeader).body)
            #expect(!faPage.contains("value=\"reviewed\""))
            let faSave = try await client.execute(
                uri: "/translations/fa/flyer.title", method: .post, headers: formType + tanja.cookieHeader,
                body: body([("csrf", csrf), ("version", try #require(hidden("version", in: faPage))), ("text", "مدیریت ادغام"), ("action", "reviewed")]))
            #expect(faSave.status == .forbidden)
            let arPage = String(buffer: try await client.execute(uri: "/translations/ar/flyer.title", method: .get, headers: tanja.cookieHeader).body)
            #expect(arPage.contains("value=\"reviewed\""))
        }
    }

    /// A unit's entry in a PO text: the lines from its comments to the blank line after it.
    func entry(_ po: String, unit: String) throws -> String {
        try #require(po.components(separatedBy: "\n\n").first { $0.contains("msgctxt \"\(unit)\"\n") })
    }

    @Test("agency merge unit by unit: only the chosen units are merged (the others stay byte for byte in the PO file); a conflict without a decision is refused, then decided either way; roles")
    func agencyUnitByUnit() async throws {
        try await route.withWeb { web, client in
            let project = try TranslationProject(root: web.root)
            let ar = project.catalogFile(Language("ar"))
            let tanja = try await client.signIn("tanja")
            let csrf = try #require(hidden("csrf", in: String(buffer: try await client.execute(uri: "/agency/ar", method: .get, headers: tanja.cookieHeader).body)))
            let po = String(buffer: try await client.execute(uri: "/agency/ar/export.po", method: .get, headers: tanja.cookieHeader).body)
            /// Uploads a file; the report page and the fields that confirm its merge.
            func check(_ text: String) async throws -> (String, [(String, String)]) {
                let (h, b) = multipart([("csrf", csrf)], file: text)
                let r = try await client.execute(uri: "/agency/ar/check", method: .post, headers: h + tanja.cookieHeader, body: b)
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                return (html, [("csrf", csrf), ("name", try #require(hidden("name", in: html))), ("catalog", try #require(hidden("catalog", in: html))),
                    ("po", try #require(hidden("po", in: html))), ("keep", "drafts")])
            }
            func merge(_ fields: [(String, String)]) async throws -> (HTTPResponse.Status, String) {
                let r = try await client.execute(uri: "/agency/ar/merge", method: .post, headers: formType + tanja.cookieHeader, body: body(fields))
                return (r.status, String(buffer: r.body))
            }

            // The file changes two units; the page offers each with the German, the text here and the file's.
            let two = try replacing(try replacing(po, unit: "flyer.title", with: "عنوان من الوكالة"), unit: "flyer.audience.text", with: "للجميع في {district}.")
            let (page, confirm) = try await check(two)
            #expect(page.contains("2 geändert, 0 Konflikt(e)"))
            for unit in ["flyer.title", "flyer.audience.text"] {
                #expect(page.contains("<input type=\"checkbox\" name=\"take\" value=\"\(unit)\" id=\"t-\(unit.replacingOccurrences(of: ".", with: "-"))\" checked>"))
            }
            let audience = try #require(try project.unit("flyer.audience.text", language: Language("ar")))
            #expect(page.contains("<td lang=\"de\">\(audience.german)</td>"))
            #expect(page.contains("للجميع في {district}."))

            // Someone who is no translator may not merge.
            let cem = try await client.signIn("cem")
            #expect(try await client.execute(uri: "/agency/ar/merge", method: .post, headers: formType + cem.cookieHeader, body: body(confirm + [("take", "flyer.title")])).status == .forbidden)

            // Only flyer.title chosen: it is merged; flyer.audience.text's entry stays byte for byte.
            let before = try String(contentsOf: ar, encoding: .utf8)
            let (status, merged) = try await merge(confirm + [("take", "flyer.title")])
            #expect(status == .ok)
            #expect(merged.contains("1 übernommen") && merged.contains("Nicht gewählt, unverändert gelassen: flyer.audience.text"))
            let after = try String(contentsOf: ar, encoding: .utf8)
            #expect(try entry(after, unit: "flyer.audience.text") == (try entry(before, unit: "flyer.audience.text")))
            #expect(try entry(after, unit: "flyer.title").contains("msgstr \"عنوان من الوكالة\""))
            #expect(!after.contains("للجميع في {district}."))
            #expect(try project.unit("flyer.audience.text", language: Language("ar"))?.version == audience.version)
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", ar.path]).status == 0)

            // The same download returned again with another title: flyer.title changed here since it
            // was sent, a conflict, listed apart with a choice of both texts and no default.
            let again = try replacing(try replacing(po, unit: "flyer.title", with: "عنوان آخر"), unit: "flyer.audience.text", with: "للجميع في {district}.")
            let (conflictPage, confirm2) = try await check(again)
            #expect(conflictPage.contains("1 geändert, 1 Konflikt(e)"))
            #expect(conflictPage.contains("<input type=\"radio\" name=\"conflict.flyer.title\" value=\"here\" required>"))
            #expect(conflictPage.contains("<input type=\"radio\" name=\"conflict.flyer.title\" value=\"file\" required>"))
            // No decision for it: refused with the reason, nothing written, the choices kept.
            let unchanged = try Data(contentsOf: ar)
            let (refusedStatus, refused) = try await merge(confirm2 + [("take", "flyer.audience.text")])
            #expect(refusedStatus == .unprocessableContent)
            #expect(refused.contains("Für diese Konflikte fehlt eine Entscheidung: flyer.title. Wählen Sie bei jedem Konflikt, welcher Text gelten soll; es wurde nichts übernommen."))
            #expect(refused.contains("<input type=\"checkbox\" name=\"take\" value=\"flyer.audience.text\" id=\"t-flyer-audience-text\" checked>"))
            #expect(try Data(contentsOf: ar) == unchanged)
            // A unit the file does not change: refused too.
            let (otherStatus, other) = try await merge(confirm2 + [("take", "flyer.audience.text"), ("conflict.flyer.title", "here"), ("take", "flyer.nothing")])
            #expect(otherStatus == .unprocessableContent && other.contains("Diese Einheiten ändert die Datei nicht: flyer.nothing. Es wurde nichts übernommen."))
            #expect(try Data(contentsOf: ar) == unchanged)
            // Decided for the text here: the other unit is merged, the title stays.
            let (keptStatus, kept) = try await merge(confirm2 + [("take", "flyer.audience.text"), ("conflict.flyer.title", "here")])
            #expect(keptStatus == .ok && kept.contains("Konflikte, bei denen der Text von hier bleibt: flyer.title"))
            #expect(try project.unit("flyer.title", language: Language("ar"))?.translation == "عنوان من الوكالة")
            #expect(try project.unit("flyer.audience.text", language: Language("ar"))?.translation == "للجميع في {district}.")

            // Decided for the file's text: taken.
            let third = try replacing(po, unit: "flyer.title", with: "عنوان ثالث")
            let (thirdPage, confirm3) = try await check(third)
            // Both units changed here since the download now.
            #expect(thirdPage.contains("0 geändert, 2 Konflikt(e)"))
            let (takenStatus, _) = try await merge(confirm3 + [("conflict.flyer.title", "file"), ("conflict.flyer.audience.text", "here")])
            #expect(takenStatus == .ok)
            #expect(try project.unit("flyer.title", language: Language("ar"))?.translation == "عنوان ثالث")
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", ar.path]).status == 0)
        }
    }

    @Test("agency refusals: no session, wrong role, no CSRF token, a file over the limit")
    func agencyRefusals() async throws {
        try await route.withWeb { _, client in
            for (method, uri) in [(HTTPRequest.Method.get, "/agency/ar"), (.get, "/agency/ar/export.po"), (.post, "/agency/ar/check"), (.post, "/agency/ar/merge")] {
                let r = try await client.execute(uri: uri, method: method, headers: formType, body: ByteBuffer(string: "csrf=x"))
                #expect(r.status == .seeOther && r.headers[.location] == "/login", "\(uri)")
            }
            let cem = try await client.signIn("cem")
            for (method, uri) in [(HTTPRequest.Method.get, "/agency/ar"), (.get, "/agency/ar/export.po"), (.post, "/agency/ar/check"), (.post, "/agency/ar/merge")] {
                #expect(try await client.execute(uri: uri, method: method, headers: formType + cem.cookieHeader, body: ByteBuffer(string: "csrf=x")).status == .forbidden, "\(uri)")
            }
            let tanja = try await client.signIn("tanja")
            let csrf = try await client.csrf("/agency/ar", as: tanja)
            let po = String(buffer: try await client.execute(uri: "/agency/ar/export.po", method: .get, headers: tanja.cookieHeader).body)
            let (h1, b1) = multipart([], file: po)
            #expect(try await client.execute(uri: "/agency/ar/check", method: .post, headers: h1 + tanja.cookieHeader, body: b1).status == .forbidden)
            #expect(try await client.execute(uri: "/agency/ar/merge", method: .post, headers: formType + tanja.cookieHeader, body: body([("po", "eA==")])).status == .forbidden)
            // 3 MB: over the PO limit (2 MB), under the app's 10 MiB body limit.
            let (h2, b2) = multipart([("csrf", csrf)], file: po + "\n#" + String(repeating: "x", count: 3 << 20))
            #expect(try await client.execute(uri: "/agency/ar/check", method: .post, headers: h2 + tanja.cookieHeader, body: b2).status == .contentTooLarge)
            // An unknown language: the build's message.
            let unknown = try await client.execute(uri: "/agency/xx", method: .get, headers: tanja.cookieHeader)
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains("no catalog for"))
        }
    }
}

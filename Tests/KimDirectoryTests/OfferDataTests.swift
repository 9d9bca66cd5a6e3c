import Foundation
import KimCore
import KimTemplate
import KimTestSupport
import Testing

@Suite("Offers data and the directory template")
struct OfferDataTests {
    let categories: Set<String> = ["advice", "language-courses", "work", "housing", "school", "health", "community"]

    @Test("the sample offers load: at least 40 for Musterstadt (YAML), the CSV of Beispielkreis, all fictional")
    func samples() throws {
        let sources = try DirectorySources.load(root: repositoryRoot)
        #expect(sources.templates.map(\.id) == ["directory"])
        #expect(Set(sources.templates[0].categories.map(\.key)) == categories)
        let musterstadt = try #require(sources.offers["musterstadt"])
        let kreis = try #require(sources.offers["beispielkreis"])
        #expect(musterstadt.offers.count >= 40)
        #expect(kreis.offers.count == 9 && kreis.path == "Templates/offers/beispielkreis.csv")
        for list in [musterstadt, kreis] {
            #expect(Set(list.offers.map(\.category)) == categories, "\(list.office): every category has offers")
            for o in list.offers {
                if let phone = o.phone { #expect(phone.hasPrefix("+49 221 4710-"), "\(o.id): fictional phone range") }
                if let email = o.email { #expect(email.hasSuffix(".example"), "\(o.id)") }
                if let site = o.website {
                    #expect(site.hasPrefix("https://") && (site.contains(".example/") || site.hasSuffix(".example")), "\(o.id)")
                }
            }
        }
        // CSV lists: languages and several weekdays in one cell.
        let mobil = try #require(kreis.offers.first { $0.id == "auslaenderamt" })
        #expect(mobil.languages == [Language("de"), Language("en")])
        #expect(mobil.hours.map(\.day) == [.monday, .tuesday, .thursday] && mobil.hours[2].ranges.count == 2)
        #expect(mobil.displayName(in: Language("ku")) == "Daîreya Biyaniyan a Navçeya Beispielland")
        #expect(mobil.displayName(in: Language("de")) == "Ausländeramt des Kreises Beispielland")
        // Every name in the expected orders is a displayed name of a Musterstadt offer.
        for (lang, names) in expectedOrders {
            let shown = Set(musterstadt.offers.map { $0.displayName(in: Language(lang)) })
            for n in names { #expect(shown.contains(n), "\(lang): \(n)") }
        }
    }

    @Test("descriptions and template texts become catalog units with notes")
    func units() throws {
        let units = try DirectorySources.load(root: repositoryRoot).sourceUnits()
        let ids = units.map(\.id)
        #expect(ids.contains("directory.category.language-courses"))
        #expect(ids.contains("directory.page-number"))
        #expect(ids.contains("offer.musterstadt.vhs.description"))
        #expect(ids.contains("offer.beispielkreis.kvhs.description"))
        let vhs = try #require(units.first { $0.id == "offer.musterstadt.vhs.description" })
        #expect(
            vhs.notes[0]
                == "Where: description of the offer \"Volkshochschule Musterstadt\" (Deutsch lernen) in the guide to local offers of musterstadt."
        )
        #expect(vhs.references[0].hasPrefix("Templates/offers/musterstadt.yaml:"))
        let page = try #require(units.first { $0.id == "directory.page-number" })
        #expect(
            page.notes.contains("{page}: the number of this page.")
                && page.notes.contains("{pages}: how many pages the guide has."))
        let csv = try #require(units.first { $0.id == "offer.beispielkreis.mobil.description" })
        #expect(csv.references == ["Templates/offers/beispielkreis.csv:4"])
    }

    func loadYAML(_ body: String) throws -> OfferList {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("musterstadt.yaml")
            try "office: musterstadt\noffers:\n\(body)".write(to: url, atomically: true, encoding: .utf8)
            return try OfferList.load(url, root: dir, categories: categories)
        }
    }

    func loadCSV(_ text: String) throws -> OfferList {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("kreis.csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try OfferList.load(url, root: dir, categories: categories)
        }
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test("YAML errors are located and say what to do")
    func yamlErrors() throws {
        let ok = "  - id: a\n    name: A\n    category: advice\n    description: Text.\n    phone: \"+49 221 4710-1\"\n"
        #expect(try loadYAML(ok).offers.count == 1)
        #expect(
            message { _ = try loadYAML(ok + "    fone: 1\n") }
                == "musterstadt.yaml:8:5: error: unknown key 'fone'; allowed here: address, by_appointment, category, description, email, hours, id, languages, name, name_translations, phone, website"
        )
        #expect(
            message { _ = try loadYAML(ok.replacingOccurrences(of: "advice", with: "advise")) }
                == "musterstadt.yaml:5:15: error: unknown category 'advise'; categories are: advice, community, health, housing, language-courses, school, work"
        )
        #expect(
            message { _ = try loadYAML(ok.replacingOccurrences(of: "    description: Text.\n", with: "")) }
                == "musterstadt.yaml:3:5: error: the offer has no 'description'; give a short German description (translated through the catalogs)"
        )
        #expect(
            message { _ = try loadYAML(ok + ok) }
                == "musterstadt.yaml:8:5: error: the offer id 'a' is already used at line 3; ids must be unique")
        #expect(
            message { _ = try loadYAML(ok + "    address: {street: X 1, postcode: \"123\", city: Y}\n") }
                == "musterstadt.yaml:8:14: error: a German postcode has five digits (in YAML, in quotes)")
        #expect(
            message { _ = try loadYAML(ok + "    hours: {monday: 9-12}\n") }
                == "musterstadt.yaml:8:21: error: '9-12' is not a time range; write e.g. 08:30-12:00, several separated by commas"
        )
        #expect(
            message { _ = try loadYAML(ok.replacingOccurrences(of: "Text.", with: "Text {x}.")) }
                == "musterstadt.yaml:6:18: error: a description has no placeholders ({x}); write the text out")
        #expect(
            message { _ = try loadYAML("  - id: a\n    name: A\n    category: advice\n    description: Text.\n") }
                == "musterstadt.yaml:3:5: error: the offer 'a' has no address, phone, e-mail or website; give at least one way to reach it"
        )
        #expect(
            message { _ = try loadYAML(ok + "    name_translations: {arabic: X}\n") }
                == "musterstadt.yaml:8:33: error: 'arabic' is not a language tag; name translations are keyed by tags such as ar, fa, tr"
        )
    }

    @Test("CSV: same fields, | separates list items; errors name line and column")
    func csv() throws {
        let header = "id,name,name_ar,category,description,phone,hours,languages,by_appointment\n"
        let list = try loadCSV(
            header
                + "a,Beratung,استشارة,advice,\"Text, mit Komma.\",+49 221 4710-1,monday 09:00-12:00 | friday 10:00-11:00,de|ar,ja\n"
        )
        let a = try #require(list.offers.first)
        #expect(a.displayName(in: Language("ar")) == "استشارة" && a.description.german == "Text, mit Komma.")
        #expect(a.hours.map(\.day) == [.monday, .friday] && a.languages.count == 2 && a.byAppointment)
        #expect(a.description.id == "offer.kreis.a.description")
        #expect(
            message { _ = try loadCSV("id,name,kategorie\n") }
                == "kreis.csv:1:3: error: unknown column 'kategorie'; columns are: id, name, name_<lang>, category, description, street, postcode, city, phone, email, website, hours, by_appointment, languages"
        )
        #expect(
            message { _ = try loadCSV("id,name,category\n") }
                == "kreis.csv:1:1: error: missing column 'description'; add it to the first row")
        #expect(
            message { _ = try loadCSV(header + "a,B,,work,T,+49 221 4710-1,mo 9-12,de,\n") }
                == "kreis.csv:2:7: error: 'mo 9-12' in column 'hours' is not a weekday with times; write e.g. monday 09:00-12:00, 14:00-16:00 | thursday 09:00-12:00"
        )
        #expect(
            message { _ = try loadCSV(header + "a,B,,jobs,T,+49 221 4710-1,,de,\n") }
                == "kreis.csv:2:4: error: unknown category 'jobs'; categories are: advice, community, health, housing, language-courses, school, work"
        )
        #expect(
            message { _ = try loadCSV(header + "a,B,,work,T\n") }
                == "kreis.csv:2:1: error: the row has 5 cells but the first row names 9 columns; quote cells that contain the separator"
        )
    }

    @Test("directory template errors are located")
    func templateErrors() throws {
        try withTemporaryFolder { dir in
            let original = try String(
                contentsOf: repositoryRoot.appendingPathComponent("Templates/directory/kim-directory.yaml"), encoding: .utf8)
            func load(_ text: String) -> String {
                let url = dir.appendingPathComponent("d.yaml")
                do {
                    try text.write(to: url, atomically: true, encoding: .utf8)
                    _ = try DirectoryTemplate.load(url, root: dir)
                    return "no error"
                } catch { return "\(error)" }
            }
            #expect(load(original) == "no error")
            #expect(
                load(original.replacingOccurrences(of: "collation: standard", with: "collation: telefonbuch")).hasSuffix(
                    "error: collation is standard or phonebook (German phone-book order: ä as ae)"))
            #expect(
                load(original.replacingOccurrences(of: "von {pages}", with: "von {total}")).contains(
                    "error: unknown placeholder {total}; known here: page, pages, office, district"))
            #expect(
                load(
                    original.replacingOccurrences(
                        of: "  by_appointment: {id: directory.by-appointment, de: Termine nach Vereinbarung}\n", with: "")
                ).contains("error: missing 'by_appointment': what is said of offers that see people by appointment"))
            #expect(
                load(original.replacingOccurrences(of: "columns: 2", with: "columns: 3")).hasSuffix("error: columns is 1 or 2"))
        }
    }
}

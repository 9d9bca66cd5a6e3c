public import Foundation
public import KimCatalog
public import KimCore

/// One local offer in a guide: an advice centre, a course, a service.
///
/// The name is a proper name and is printed as written; `nameTranslations` may give a name for
/// readers of a language (the guide shows it first and sorts by it, with the name as written
/// under it). The description is German and translated through the catalogs, as unit
/// `offer.<office>.<id>.description`. Address, phone, e-mail and website are printed verbatim.
public struct Offer: Sendable {
    public struct Address: Sendable, Equatable {
        public let street: String
        public let postcode: String
        public let city: String
    }

    public let id: String
    public let name: String
    public let nameTranslations: [Language: String]
    /// The key of a category of the directory template.
    public let category: String
    public let description: TextRef
    public let address: Address?
    public let phone: String?
    public let email: String?
    public let website: String?
    public let hours: [(day: OfficeData.Weekday, ranges: [OfficeData.TimeRange])]
    /// Visits by appointment (printed after the hours, or alone).
    public let byAppointment: Bool
    /// Languages spoken, printed as names in the reader's language.
    public let languages: [Language]
    public let location: SourceLocation

    /// The name a reader of `language` sees first: the translation for the language if there is
    /// one, else the name as written.
    public func displayName(in language: Language) -> String { nameTranslations[language] ?? name }
}

/// The offers of one office: `Templates/offers/<office>.yaml` or `.csv`.
public struct OfferList: Sendable {
    /// The office id (the file's name without extension).
    public let office: String
    public let offers: [Offer]
    /// The file, relative to the project root.
    public let path: String

    /// The fields an offer may have (CSV column names; YAML keys, where `address` holds street,
    /// postcode and city and `name_translations` the `name_<lang>` columns).
    public static let fields = [
        "id", "name", "name_<lang>", "category", "description", "street", "postcode", "city", "phone", "email", "website",
        "hours",
        "by_appointment", "languages",
    ]

    /// Reads an offers file (`.yaml` or `.csv`); `categories` are the keys an offer may use (nil:
    /// not checked). Errors name file, line and column and say what to do.
    public static func load(_ url: URL, root: URL, categories: Set<String>?) throws -> OfferList {
        let display = relativePath(url, to: root)
        let office = url.deletingPathExtension().lastPathComponent
        let fields: [OfferFields]
        switch url.pathExtension.lowercased() {
        case "yaml", "yml": fields = try readYAML(url, display: display, office: office)
        case "csv": fields = try readCSV(url, display: display)
        default: throw KimError("\(display): offers are a .yaml or .csv file.")
        }
        var offers: [Offer] = []
        var ids: [String: Int] = [:]
        for f in fields {
            let offer = try f.offer(office: office, categories: categories)
            if let line = ids[offer.id] {
                throw TemplateError(
                    offer.location, "the offer id '\(offer.id)' is already used at line \(line); ids must be unique")
            }
            ids[offer.id] = offer.location.line
            offers.append(offer)
        }
        return OfferList(office: office, offers: offers, path: display)
    }

    /// Every offers file in a folder (`*.yaml`, `*.csv`), sorted by file name; none if the folder is
    /// missing. Two files for one office are an error.
    public static func loadAll(in folder: URL, root: URL, categories: Set<String>?) throws -> [OfferList] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        let lists = try files.filter { ["yaml", "yml", "csv"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try load($0, root: root, categories: categories) }
        var seen: [String: String] = [:]
        for l in lists {
            if let other = seen[l.office] {
                throw KimError("\(l.path): the offers of '\(l.office)' are also in \(other); keep one file per office.")
            }
            seen[l.office] = l.path
        }
        return lists
    }

    /// The catalog units of the descriptions. `categoryNames` gives the German name of each
    /// category key, for the translators' notes; `width` is the column width in points.
    public func sourceUnits(categoryNames: [String: String], width: Double, size: Double) -> [SourceUnit] {
        offers.map { o in
            let category = categoryNames[o.category].map { " (\($0))" } ?? ""
            return SourceUnit(
                id: o.description.id, german: o.description.german,
                notes: [
                    "Where: description of the offer \"\(o.name)\"\(category) in the guide to local offers of \(office).",
                    "Box: \(Int(Units.millimetres(pt: width).rounded())) mm wide, \(formatSize(size)) pt.",
                ], references: [o.description.location.reference])
        }
    }

    // MARK: Reading

    private static func readYAML(_ url: URL, display: String, office: String) throws -> [OfferFields] {
        let doc = try YAMLNode.load(url, displayPath: display)
        var m = try YAMLMapping(doc)
        let officeNode = try m.required("office", "the office's id, the same as the file's name (\(office))")
        guard try officeNode.string() == office else {
            throw officeNode.fail(
                "the office id '\(try officeNode.string())' differs from the file's name; name the file \(try officeNode.string()).yaml"
            )
        }
        let list = try m.required("offers", "the list of offers, each starting with '- id:'").items()
        try m.finish()
        return try list.map { try yamlOffer($0) }
    }

    private static func yamlOffer(_ node: YAMLNode) throws -> OfferFields {
        var m = try YAMLMapping(node)
        var f = OfferFields(location: node.location)
        for key in ["id", "name", "category", "description", "phone", "email", "website", "by_appointment"] {
            if let v = m.optional(key) { f.values[key] = (try scalar(v), v.location) }
        }
        if let t = m.optional("name_translations") {
            for (tag, v) in try t.pairs() { f.translations.append((tag, try scalar(v), v.location)) }
        }
        if let a = m.optional("address") {
            var am = try YAMLMapping(a)
            for key in ["street", "postcode", "city"] {
                f.values[key] = (
                    try scalar(try am.required(key, key == "postcode" ? "the postcode, in quotes" : "the \(key)")), a.location
                )
            }
            try am.finish()
        }
        if let h = m.optional("hours") {
            var hm = try YAMLMapping(h)
            for day in OfficeData.Weekday.allCases {
                guard let n = hm.optional(day.rawValue) else { continue }
                f.hours.append((day, try OfficeData.parseRanges(try n.string(), at: n.location)))
            }
            try hm.finish(allowed: OfficeData.Weekday.allCases.map(\.rawValue))
        }
        if let l = m.optional("languages") {
            f.languages = try l.items().map { (try $0.string(), $0.location) }
        }
        try m.finish(allowed: [
            "id", "name", "name_translations", "category", "description", "address", "phone", "email", "website", "hours",
            "by_appointment", "languages",
        ])
        return f
    }

    private static func scalar(_ node: YAMLNode) throws -> String {
        guard node.isScalar else { throw node.fail("expected a text value") }
        return try node.string().trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func readCSV(_ url: URL, display: String) throws -> [OfferFields] {
        let reader = try CSVReader(url: url, path: display)
        guard let header = try reader.next() else {
            throw KimError("\(display): the file is empty; the first row names the columns (\(fields.joined(separator: ", "))).")
        }
        let columns = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(fields.filter { $0 != "name_<lang>" })
        for (i, c) in columns.enumerated() where !known.contains(c) && !c.hasPrefix("name_") {
            throw TemplateError(
                SourceLocation(file: display, line: header.line, column: i + 1),
                "unknown column '\(c)'; columns are: \(fields.joined(separator: ", "))")
        }
        for required in ["id", "name", "category", "description"] where !columns.contains(required) {
            throw TemplateError(
                SourceLocation(file: display, line: header.line, column: 1),
                "missing column '\(required)'; add it to the first row")
        }
        var out: [OfferFields] = []
        while let row = try reader.next() {
            // The column number stands in for the column in CSV locations: a cell's number in its row.
            func at(_ i: Int) -> SourceLocation { SourceLocation(file: display, line: row.line, column: i + 1) }
            guard row.cells.count == columns.count else {
                throw TemplateError(
                    at(0),
                    "the row has \(row.cells.count) cells but the first row names \(columns.count) columns; quote cells that contain the separator"
                )
            }
            var f = OfferFields(location: at(0))
            for (i, (column, cell)) in zip(columns, row.cells).enumerated() {
                let value = cell.trimmingCharacters(in: .whitespacesAndNewlines)
                if value.isEmpty { continue }
                switch column {
                case "hours":
                    for part in value.split(separator: "|") {
                        let text = part.trimmingCharacters(in: .whitespaces)
                        guard let space = text.firstIndex(of: " "),
                            let day = OfficeData.Weekday(rawValue: String(text[..<space]).lowercased())
                        else {
                            throw TemplateError(
                                at(i),
                                "'\(text)' in column 'hours' is not a weekday with times; write e.g. monday 09:00-12:00, 14:00-16:00 | thursday 09:00-12:00"
                            )
                        }
                        f.hours.append((day, try OfficeData.parseRanges(String(text[text.index(after: space)...]), at: at(i))))
                    }
                case "languages":
                    f.languages = value.split(separator: "|").map { ($0.trimmingCharacters(in: .whitespaces), at(i)) }
                case _ where column.hasPrefix("name_"):
                    f.translations.append((String(column.dropFirst(5)), value, at(i)))
                default:
                    f.values[column] = (value, at(i))
                }
            }
            out.append(f)
        }
        return out
    }
}

/// An offer's fields as read from YAML or CSV, each with where it stands; checked by `offer`.
struct OfferFields {
    let location: SourceLocation
    var values: [String: (text: String, location: SourceLocation)] = [:]
    var translations: [(tag: String, name: String, location: SourceLocation)] = []
    var hours: [(day: OfficeData.Weekday, ranges: [OfficeData.TimeRange])] = []
    var languages: [(tag: String, location: SourceLocation)] = []

    init(location: SourceLocation) { self.location = location }

    func offer(office: String, categories: Set<String>?) throws -> Offer {
        func required(_ key: String, _ what: String) throws -> (text: String, location: SourceLocation) {
            guard let v = values[key], !v.text.isEmpty else {
                throw TemplateError(location, "the offer has no '\(key)'; give \(what)")
            }
            return v
        }
        let idField = try required("id", "a short id such as vhs-integration (a–z, 0–9, '-')")
        let id = idField.text
        guard SimpleID.isValid(id) else {
            throw TemplateError(
                idField.location, "the offer id '\(id)' may use only a–z, 0–9 and '-' (it becomes part of the catalog id)")
        }
        let name = try required("name", "the offer's name as written on its door").text
        let categoryField = try required("category", "the key of one of the guide's categories")
        if let categories, !categories.contains(categoryField.text) {
            throw TemplateError(
                categoryField.location,
                "unknown category '\(categoryField.text)'; categories are: \(categories.sorted().joined(separator: ", "))")
        }
        let descriptionField = try required("description", "a short German description (translated through the catalogs)")
        let message: MessageFormat
        do { message = try MessageFormat.parse(descriptionField.text) } catch let e as MessageFormatError {
            throw TemplateError(
                descriptionField.location,
                "MessageFormat syntax at character \(e.offset + 1) of the description: \(e.message); write a brace as '{'")
        }
        guard message.argumentNames.isEmpty else {
            throw TemplateError(
                descriptionField.location,
                "a description has no placeholders ({\(message.argumentNames.sorted().joined(separator: "}, {"))}); write the text out"
            )
        }
        let description = TextRef(
            id: "offer.\(office).\(id).description", german: descriptionField.text, message: message, note: nil,
            location: descriptionField.location)

        var names: [Language: String] = [:]
        for t in translations {
            guard t.tag.range(of: #"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) != nil else {
                throw TemplateError(
                    t.location, "'\(t.tag)' is not a language tag; name translations are keyed by tags such as ar, fa, tr")
            }
            guard !t.name.isEmpty else {
                throw TemplateError(t.location, "the \(t.tag) name is empty; leave it out to print the name as written")
            }
            names[Language(t.tag)] = t.name
        }

        var address: Offer.Address?
        let parts = ["street", "postcode", "city"].map { values[$0] }
        if parts.contains(where: { $0 != nil }) {
            guard let street = parts[0], let postcode = parts[1], let city = parts[2] else {
                throw TemplateError(
                    parts.compactMap { $0 }.first?.location ?? location, "an address needs street, postcode and city")
            }
            guard postcode.text.range(of: #"^[0-9]{5}$"#, options: .regularExpression) != nil else {
                throw TemplateError(postcode.location, "a German postcode has five digits (in YAML, in quotes)")
            }
            address = Offer.Address(street: street.text, postcode: postcode.text, city: city.text)
        }
        let phone = values["phone"]
        if let phone, phone.text.range(of: #"^\+?[0-9 ()/-]{6,}$"#, options: .regularExpression) == nil {
            throw TemplateError(phone.location, "a phone number has digits, spaces, '-', '/' and an optional leading '+'")
        }
        let email = values["email"]
        if let email, email.text.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil {
            throw TemplateError(email.location, "'\(email.text)' is not an e-mail address")
        }
        let website = values["website"]
        if let website, !(website.text.hasPrefix("https://") || website.text.hasPrefix("http://")) {
            throw TemplateError(website.location, "the website must start with https://")
        }
        var byAppointment = false
        if let b = values["by_appointment"] {
            switch b.text.lowercased() {
            case "true", "yes", "ja": byAppointment = true
            case "false", "no", "nein": byAppointment = false
            default: throw TemplateError(b.location, "by_appointment is true or false, found '\(b.text)'")
            }
        }
        for l in languages where l.tag.range(of: #"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) == nil {
            throw TemplateError(l.location, "'\(l.tag)' is not a language tag; write tags such as de, ar, tr")
        }
        guard address != nil || phone != nil || email != nil || website != nil else {
            throw TemplateError(
                location, "the offer '\(id)' has no address, phone, e-mail or website; give at least one way to reach it")
        }
        return Offer(
            id: id, name: name, nameTranslations: names, category: categoryField.text, description: description, address: address,
            phone: phone?.text, email: email?.text, website: website?.text, hours: hours, byAppointment: byAppointment,
            languages: languages.map { Language($0.tag) }, location: location)
    }
}

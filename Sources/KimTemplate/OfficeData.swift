public import Foundation
public import KimCore

/// The data of one case-management office: what a template's placeholders are filled with.
///
/// One YAML file per office in `Templates/offices/`; field names are documented in
/// `Templates/README.md` and listed in `OfficeData.fields` (which the catalog notes quote).
public struct OfficeData: Sendable {
    public enum Weekday: String, Sendable, CaseIterable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday
        /// 1 = Monday … 7 = Sunday (ISO 8601).
        public var isoNumber: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }
    }

    /// An opening time range, minutes since midnight.
    public struct TimeRange: Sendable, Equatable {
        public let start: Int
        public let end: Int
    }

    /// A field a message may use as `{name}`.
    public struct Field: Sendable {
        public enum Kind: Sendable { case text(ValueKind), number, languageList }
        public let name: String
        public let kind: Kind
        public let meaning: String
    }

    public static let fields: [Field] = [
        Field(name: "office", kind: .text(.value), meaning: "the office's name, kept as written (a proper name)"),
        Field(name: "district", kind: .text(.value), meaning: "the district or city the office serves (a proper name)"),
        Field(name: "street", kind: .text(.value), meaning: "street and house number"),
        Field(name: "postcode", kind: .text(.number), meaning: "the five-digit postcode"),
        Field(name: "city", kind: .text(.value), meaning: "the town"),
        Field(name: "phone", kind: .text(.phone), meaning: "the office's phone number, e.g. +49 221 4710-123"),
        Field(name: "email", kind: .text(.email), meaning: "the office's e-mail address"),
        Field(name: "website", kind: .text(.url), meaning: "the office's website address"),
        Field(name: "case_managers", kind: .number, meaning: "how many case managers work in the office (use plural forms)"),
        Field(name: "languages", kind: .languageList, meaning: "the languages spoken in the office, listed in the reader's language"),
        Field(name: "authority", kind: .text(.value), meaning: "the name of the foreigners authority (Ausländerbehörde) that decides on applications (a proper name)"),
        Field(name: "authority_address", kind: .text(.value), meaning: "the foreigners authority's postal address"),
        Field(name: "authority_email", kind: .text(.email), meaning: "the foreigners authority's e-mail address"),
        Field(name: "data_protection_officer", kind: .text(.value), meaning: "who the data protection officer is and how to reach them (kept as written)"),
    ]

    /// The foreigners authority (Ausländerbehörde) the office's clients apply to: the controller
    /// named in the data-protection notice of forms.
    public struct Authority: Sendable {
        public let name: String
        public let address: String
        public let email: String
        public let dataProtectionOfficer: String
    }

    public static func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    public let id: String
    public let name: String
    public let district: String
    public let street: String
    public let postcode: String
    public let city: String
    public let phone: String
    public let email: String
    public let website: String
    public let caseManagers: Int
    public let languages: [Language]
    public let hours: [(day: Weekday, ranges: [TimeRange])]
    /// A PNG logo, absolute path.
    public let logo: URL?
    /// Where the office file names the logo, for messages about the image.
    public let logoLocation: SourceLocation?
    /// Where the office file gives its id.
    public let idLocation: SourceLocation
    /// Imprint lines (publisher, address, responsible person), kept as written.
    public let imprint: [String]
    public let authority: Authority?
    public let path: String

    /// The raw text of a text field, by placeholder name.
    public func text(_ name: String) -> String? {
        switch name {
        case "office": return self.name
        case "district": return district
        case "street": return street
        case "postcode": return postcode
        case "city": return city
        case "phone": return phone
        case "email": return email
        case "website": return website
        case "authority": return authority?.name
        case "authority_address": return authority?.address
        case "authority_email": return authority?.email
        case "data_protection_officer": return authority?.dataProtectionOfficer
        default: return nil
        }
    }

    /// Replaces `{field}` in a plain data string (a QR code's content).
    public func fill(_ s: String) -> String {
        guard s.contains("{") else { return s }
        var out = s
        for f in Self.fields { if let v = text(f.name) { out = out.replacingOccurrences(of: "{\(f.name)}", with: v) } }
        return out
    }
}

extension OfficeData {
    /// Reads an office file; errors name file, line and column.
    public static func load(_ url: URL, root: URL) throws -> OfficeData {
        let display = relativePath(url, to: root)
        return try read(try YAMLNode.load(url, displayPath: display), url: url, root: root, display: display)
    }

    /// Checks an office file's text by the same rules as `load`, as if it were the file at `url`
    /// (the web app checks an edit before it writes it).
    public static func load(text: String, url: URL, root: URL) throws -> OfficeData {
        let display = relativePath(url, to: root)
        return try read(try YAMLNode.parse(text, file: display), url: url, root: root, display: display)
    }

    /// Every text is checked like client data (`plainText`: no bidi controls or other invisible
    /// characters), every path resolved inside `Templates/`.
    static func read(_ doc: YAMLNode, url: URL, root: URL, display: String) throws -> OfficeData {
        var m = try YAMLMapping(doc)
        func req(_ key: String, _ what: String) throws -> String {
            let n = try m.required(key, what)
            let s = try n.plainText("'\(key)'").trimmingCharacters(in: .whitespaces)
            if s.isEmpty { throw n.fail("'\(key)' is empty; give \(what)") }
            return s
        }
        let id = try req("office", "the office's id, used in file names, e.g. musterstadt")
        guard SimpleID.isValid(id) else {
            throw try m.required("office", "").fail("the office id may use only a–z, 0–9 and '-' (it becomes part of file names)")
        }
        let name = try req("name", "the office's full name")
        let district = try req("district", "the district or city served")
        var am = try YAMLMapping(try m.required("address", "street, postcode and city"))
        let street = try am.required("street", "street and number").plainText("the street")
        let postcodeNode = try am.required("postcode", "the postcode, in quotes")
        let postcode = try postcodeNode.plainText("the postcode")
        guard postcode.range(of: #"^[0-9]{5}$"#, options: .regularExpression) != nil else { throw postcodeNode.fail("a German postcode has five digits") }
        let city = try am.required("city", "the town").plainText("the city")
        try am.finish()
        let phoneNode = try m.required("phone", "the phone number in international form, e.g. +49 221 4710-123")
        let phone = try phoneNode.plainText("the phone number")
        guard phone.range(of: #"^\+?[0-9 ()/-]{6,}$"#, options: .regularExpression) != nil else {
            throw phoneNode.fail("a phone number has digits, spaces, '-', '/' and an optional leading '+'")
        }
        let emailNode = try m.required("email", "the office's e-mail address")
        let email = try emailNode.plainText("the e-mail address")
        guard email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil else { throw emailNode.fail("'\(email)' is not an e-mail address") }
        let webNode = try m.required("website", "the website, starting with https://")
        let website = try webNode.plainText("the website")
        guard website.hasPrefix("https://") || website.hasPrefix("http://") else { throw webNode.fail("the website must start with https://") }
        let caseManagers = try m.required("case_managers", "how many case managers work in the office").int()
        let languages = try m.required("languages", "the languages spoken, as tags, e.g. [de, ar, tr]").items().map { Language(try $0.string()) }
        var hours: [(day: Weekday, ranges: [TimeRange])] = []
        var hm = try YAMLMapping(try m.required("hours", "opening hours per weekday, e.g. monday: 08:30-12:00, 14:00-16:00"))
        for day in Weekday.allCases {
            guard let n = hm.optional(day.rawValue) else { continue }
            hours.append((day, try parseRanges(n)))
        }
        try hm.finish(allowed: Weekday.allCases.map(\.rawValue))
        var logo: URL?
        if let l = m.optional("logo") {
            let file = try l.fileInsideTemplates(relativeTo: url.deletingLastPathComponent(), root: root, what: "the logo")
            guard FileManager.default.fileExists(atPath: file.path) else { throw l.fail("the logo \(try l.string()) does not exist next to the office file") }
            // Its size from the header, before anything decodes it.
            if case .failure(let problem)? = PNGHeader.read(fileAt: file) { throw l.fail("the logo \(try l.string()) \(problem.phrase)") }
            logo = file
        }
        let imprint = try m.optional("imprint")?.items().map { try $0.plainText("an imprint line") } ?? []
        var authority: Authority?
        if let a = m.optional("authority") {
            var am = try YAMLMapping(a)
            let email = try am.required("email", "the authority's e-mail address")
            guard try email.plainText("the authority's e-mail address").range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil else { throw email.fail("'\(try email.string())' is not an e-mail address") }
            authority = Authority(
                name: try am.required("name", "the authority's name, e.g. Stadt Musterstadt – Ausländerbehörde").plainText("the authority's name"),
                address: try am.required("address", "its postal address on one line").plainText("the authority's address"),
                email: try email.string(),
                dataProtectionOfficer: try am.required("data_protection_officer", "the data protection officer's name or office and contact").plainText("the data protection officer"))
            try am.finish()
        }
        try m.finish()
        return OfficeData(
            id: id, name: name, district: district, street: street, postcode: postcode, city: city, phone: phone, email: email, website: website,
            caseManagers: caseManagers, languages: languages, hours: hours, logo: logo, logoLocation: m.optional("logo")?.location, idLocation: try m.required("office", "").location, imprint: imprint, authority: authority, path: display)
    }

    /// Every `*.yaml` office file in a folder, sorted by file name. Office ids are unique: two
    /// files with one id made `build` write the same documents twice and `flyer` take the first.
    public static func loadAll(in folder: URL, root: URL) throws -> [OfficeData] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        let offices = try files.filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { try load($0, root: root) }
        var seen: [String: String] = [:]
        for o in offices {
            if let other = seen[o.id] {
                throw TemplateError(o.idLocation, "the office id '\(o.id)' is already used by \(other); give each office its own id")
            }
            seen[o.id] = o.path
        }
        return offices
    }

    static func parseRanges(_ node: YAMLNode) throws -> [TimeRange] {
        try parseRanges(try node.string(), at: node.location)
    }

    /// Time ranges such as "08:30-12:00, 14:00-16:00"; errors at `location`.
    static func parseRanges(_ text: String, at location: SourceLocation) throws -> [TimeRange] {
        try text.split(separator: ",").map { part in
            let p = part.trimmingCharacters(in: .whitespaces)
            let bounds = p.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 2, let a = minutes(bounds[0]), let b = minutes(bounds[1]), a < b else {
                throw TemplateError(location, "'\(p)' is not a time range; write e.g. 08:30-12:00, several separated by commas")
            }
            return TimeRange(start: a, end: b)
        }
    }

    static func minutes(_ s: String) -> Int? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }
}

public import Foundation

/// An office file as a web form edits it: every field as one text, and back to YAML.
///
/// Only the YAML is written here; whether it is right is decided by `OfficeData.load(text:)`,
/// the same rules as for a file edited by hand. The comment lines at the top of the file are
/// kept; comments between the fields are not (a form has no place for them).
public struct OfficeForm: Sendable, Equatable {
    /// The form's fields, in file order: key, German label, and whether several lines are allowed.
    public struct Field: Sendable, Equatable {
        public let key: String
        public let label: String
        public let multiline: Bool
        public let hint: String
    }

    public static let fields: [Field] = [
        Field(key: "name", label: "Name des Büros", multiline: false, hint: "vollständig, wie er gedruckt wird"),
        Field(key: "district", label: "Kreis oder Stadt", multiline: false, hint: "für wen das Büro da ist"),
        Field(key: "street", label: "Straße und Hausnummer", multiline: false, hint: ""),
        Field(key: "postcode", label: "Postleitzahl", multiline: false, hint: "fünf Ziffern"),
        Field(key: "city", label: "Ort", multiline: false, hint: ""),
        Field(key: "phone", label: "Telefon", multiline: false, hint: "international, z. B. +49 221 4710-123"),
        Field(key: "email", label: "E-Mail", multiline: false, hint: ""),
        Field(key: "website", label: "Internetseite", multiline: false, hint: "beginnt mit https://"),
        Field(key: "case_managers", label: "Zahl der Fallmanagerinnen und Fallmanager", multiline: false, hint: "eine ganze Zahl"),
        Field(key: "languages", label: "Sprachen im Büro", multiline: false, hint: "Sprachcodes mit Komma, z. B. de, en, ar, tr"),
    ] + OfficeData.Weekday.allCases.map { day in
        Field(key: "hours.\(day.rawValue)", label: "Öffnungszeiten \(germanWeekday(day))", multiline: false, hint: "z. B. 08:30-12:00, 14:00-16:00; leer: geschlossen")
    } + [
        Field(key: "logo", label: "Logo (PNG-Datei neben der Bürodatei)", multiline: false, hint: "leer: kein Logo"),
        Field(key: "imprint", label: "Impressum", multiline: true, hint: "eine Zeile je Angabe"),
        Field(key: "authority.name", label: "Ausländerbehörde: Name", multiline: false, hint: "leer lassen, wenn keine angegeben wird (dann alle vier leer)"),
        Field(key: "authority.address", label: "Ausländerbehörde: Anschrift", multiline: false, hint: "in einer Zeile"),
        Field(key: "authority.email", label: "Ausländerbehörde: E-Mail", multiline: false, hint: ""),
        Field(key: "authority.data_protection_officer", label: "Datenschutzbeauftragte Stelle", multiline: false, hint: "Name oder Stelle und Kontakt"),
    ]

    public let id: String
    public var values: [String: String]

    public init(id: String, values: [String: String]) {
        self.id = id
        self.values = values
    }

    /// The form for an office as loaded.
    public init(_ office: OfficeData) {
        id = office.id
        var v: [String: String] = [
            "name": office.name, "district": office.district, "street": office.street, "postcode": office.postcode, "city": office.city,
            "phone": office.phone, "email": office.email, "website": office.website, "case_managers": String(office.caseManagers),
            "languages": office.languages.map(\.tag).joined(separator: ", "), "logo": office.logo?.lastPathComponent ?? "",
            "imprint": office.imprint.joined(separator: "\n"),
        ]
        for (day, ranges) in office.hours {
            v["hours.\(day.rawValue)"] = ranges.map { "\(Self.clock($0.start))-\(Self.clock($0.end))" }.joined(separator: ", ")
        }
        if let a = office.authority {
            v["authority.name"] = a.name
            v["authority.address"] = a.address
            v["authority.email"] = a.email
            v["authority.data_protection_officer"] = a.dataProtectionOfficer
        }
        values = v
    }

    /// The office file's YAML: the original's leading comment lines, then every field; also the
    /// line each field is written on, to show a located error at its field.
    public func yaml(keepingHeaderOf original: String) -> (text: String, lines: [Int: String]) {
        var out = original.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }.map { $0 + "\n" }.joined()
        var lines: [Int: String] = [:]
        func line(_ text: String, key: String?) {
            out += text + "\n"
            if let key { lines[out.split(separator: "\n", omittingEmptySubsequences: false).count - 1] = key }
        }
        func value(_ key: String) -> String { (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        line("office: \(Self.quoted(id))", key: nil)
        for key in ["name", "district"] { line("\(key): \(Self.quoted(value(key)))", key: key) }
        line("address:", key: "street")
        for key in ["street", "postcode", "city"] { line("  \(key): \(Self.quoted(value(key)))", key: key) }
        for key in ["phone", "email", "website"] { line("\(key): \(Self.quoted(value(key)))", key: key) }
        let managers = value("case_managers")
        line("case_managers: \(managers.allSatisfy(\.isNumber) && !managers.isEmpty && managers.count < 5 ? managers : Self.quoted(managers))", key: "case_managers")
        let languages = value("languages").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        line("languages: [\(languages.map(Self.quoted).joined(separator: ", "))]", key: "languages")
        line("hours:", key: "hours.monday")
        for day in OfficeData.Weekday.allCases where !value("hours.\(day.rawValue)").isEmpty {
            line("  \(day.rawValue): \(Self.quoted(value("hours.\(day.rawValue)")))", key: "hours.\(day.rawValue)")
        }
        if !value("logo").isEmpty { line("logo: \(Self.quoted(value("logo")))", key: "logo") }
        let imprint = value("imprint").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !imprint.isEmpty {
            line("imprint:", key: "imprint")
            for l in imprint { line("  - \(Self.quoted(l))", key: "imprint") }
        }
        let authorityKeys = ["name", "address", "email", "data_protection_officer"]
        if authorityKeys.contains(where: { !value("authority.\($0)").isEmpty }) {
            line("authority:", key: "authority.name")
            for k in authorityKeys { line("  \(k): \(Self.quoted(value("authority.\(k)")))", key: "authority.\(k)") }
        }
        return (out, lines)
    }

    /// A YAML double-quoted scalar: any text, line breaks and quotes escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) {
                    out += String(format: "\\x%02X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    static func germanWeekday(_ day: OfficeData.Weekday) -> String {
        switch day {
        case .monday: "Montag"
        case .tuesday: "Dienstag"
        case .wednesday: "Mittwoch"
        case .thursday: "Donnerstag"
        case .friday: "Freitag"
        case .saturday: "Samstag"
        case .sunday: "Sonntag"
        }
    }
}

// libFuzzer target: the office reader, OfficeData.load(text:url:root:) as the web app's office
// editor calls it (YAML text → OfficeData, the logo's path and PNG header). Invariants: every
// error is located in the file (FuzzProject.checkLocated); an accepted office has a valid id, a
// five-digit postcode, no invisible or control character in any text it prints, a logo (if
// any) inside Templates/, and opening hours that start before they end. Built by scripts/fuzz.
import Foundation
import KimCore
import KimTemplate

let url = FuzzProject.root.appendingPathComponent("Templates/offices/fuzz.yaml")
let templates = FuzzProject.root.appendingPathComponent("Templates").resolvingSymlinksInPath().path + "/"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOffice(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    let office: OfficeData
    do {
        office = try OfficeData.load(text: text, url: url, root: FuzzProject.root)
    } catch {
        FuzzProject.checkLocated(error, file: "Templates/offices/fuzz.yaml", text: text)
        return 0
    }
    guard SimpleID.isValid(office.id) else { FuzzProject.violated("office id '\(office.id)' accepted") }
    guard office.postcode.utf8.count == 5, office.postcode.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
        FuzzProject.violated("postcode '\(office.postcode)' accepted")
    }
    for field in OfficeData.fields {
        if let value = office.text(field.name), !FuzzProject.isPlain(value) {
            FuzzProject.violated("an invisible or control character in '\(field.name)' accepted")
        }
    }
    for line in office.imprint where !FuzzProject.isPlain(line) { FuzzProject.violated("an invisible or control character in the imprint accepted") }
    if let logo = office.logo, !logo.resolvingSymlinksInPath().path.hasPrefix(templates) {
        FuzzProject.violated("logo \(logo.path) outside Templates/ accepted")
    }
    for (_, ranges) in office.hours {
        for r in ranges where !(0 <= r.start && r.start < r.end && r.end <= 24 * 60) { FuzzProject.violated("opening hours \(r) accepted") }
    }
    _ = office.fill("{office} {street} {postcode} {city} {phone} {email} {website} {authority_email}")
    return 0
}

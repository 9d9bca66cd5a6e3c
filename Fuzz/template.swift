// libFuzzer target: the template reader (Template.load, YAML text → Template) and the catalog
// units of what it accepts (Template.sourceUnits). Invariants: every error is located in the
// file (FuzzProject.checkLocated); an accepted template has unique text ids, flows only into
// its layout's frames, and units that point into the file. Built by scripts/fuzz.
import Foundation
import KimCore
import KimTemplate

let file = FuzzProject.root.appendingPathComponent("Templates/fuzz.yaml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    guard (try? bytes.write(to: file)) != nil else { return 0 }
    let text = String(data: bytes, encoding: .utf8)
    let template: Template
    do {
        template = try Template.load(file, root: FuzzProject.root)
    } catch {
        FuzzProject.checkLocated(error, file: "Templates/fuzz.yaml", text: text)
        return 0
    }
    guard let text else { FuzzProject.violated("a template that is not UTF-8 was accepted") }
    let frames = Set(template.layout.frameNames)
    for flow in template.flows where !flow.frames.allSatisfy(frames.contains) {
        FuzzProject.violated("a flow into \(flow.frames), not frames of the layout (\(frames.sorted()))")
    }
    let units = template.sourceUnits()
    guard Set(units.map(\.id)).count == units.count else { FuzzProject.violated("two catalog units with one id: \(units.map(\.id))") }
    let lines = FuzzProject.lineBound(text)
    for u in units {
        guard u.references.count == 1, let ref = u.references.first, ref.hasPrefix("Templates/fuzz.yaml:"),
            let line = Int(ref.dropFirst("Templates/fuzz.yaml:".count)), (1...lines).contains(line)
        else { FuzzProject.violated("unit \(u.id) refers to \(u.references), not a line of the file") }
    }
    return 0
}

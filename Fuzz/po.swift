// libFuzzer target: the PO reader (POFile.parse). Built by scripts/fuzz.
import KimCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPO(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? POFile.parse(bytes, path: "fuzz.po", requireHeader: false) else { return 0 }
    // Every translation that was read goes through the MessageFormat parser too.
    for entry in file.entries { for s in entry.fields.strings { _ = try? MessageFormat.parse(s) } }
    return 0
}

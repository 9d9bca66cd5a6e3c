// libFuzzer target: the ICU MessageFormat parser (MessageFormat.parse). Built by scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageFormat(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let source = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    _ = try? MessageFormat.parse(source)
    return 0
}

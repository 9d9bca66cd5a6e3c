// libFuzzer target: the client JSON reader (ClientDataReader.json, its duplicate-key scan and
// error location), compiled with Sources/KimForm/ClientData.swift. Built by scripts/fuzz.
import Foundation

/// `ClientValidator.nameable` without the rest of KimForm (ICU): the same rule, for the harness.
enum ClientValidator {
    static func nameable(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 64 && key.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A } == true
            && key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2E }
    }
}

let file: URL = {
    let file = URL(fileURLWithPath: "/dev/shm/kimdoc-fuzz-\(getpid()).json")
    atexit { try? FileManager.default.removeItem(at: URL(fileURLWithPath: "/dev/shm/kimdoc-fuzz-\(getpid()).json")) }
    return file
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClientJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    guard (try? bytes.write(to: file)) != nil else { return 0 }
    _ = try? ClientDataReader.json(file, path: "client.json")
    _ = ClientDataReader.duplicateKey(in: bytes)
    return 0
}

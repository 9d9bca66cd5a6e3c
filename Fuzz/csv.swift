// libFuzzer target: the CSV reader (KimCore.CSVReader), read to the end however many rows are
// refused: every call after a refused row must make progress. Built by scripts/fuzz.
import Foundation
import KimCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let reader = CSVReader(data: Data(bytes: data, count: size), path: "fuzz.csv")
    var calls = 0
    while true {
        calls += 1
        // More calls than bytes would mean a refused row that consumed nothing: a hang.
        if calls > size + 2 { fatalError("CSVReader made no progress") }
        do {
            guard try reader.next() != nil else { break }
        } catch {
            continue
        }
    }
    return 0
}

import Foundation
import KimTestSupport
import Testing

/// Issue 19, item 2: a 30 s smoke run of every libFuzzer target (`scripts/fuzz --smoke`): each
/// builds with the toolchain's `-sanitize=fuzzer,address`, runs its seeds and mutations without a
/// crash, leak or broken invariant, and reports how many inputs it ran. The long runs (millions
/// of executions) are `scripts/fuzz --runs N`, outside the tests; README "Fuzzing".
@Suite("Fuzzing smoke run")
struct FuzzSmokeTests {
    static let targets = ["po", "messageformat", "csv", "clientjson", "template", "office", "png"]

    @Test("every fuzz target builds and runs 30 s without a finding, with executions reported")
    func smoke() throws {
        let result = try runProgram(repositoryRoot.appendingPathComponent("scripts/fuzz"), ["--smoke"])
        #expect(result.status == 0, "scripts/fuzz --smoke:\n\(result.output)\n\(result.errorOutput)")
        for target in Self.targets {
            // "fuzz po: 123456 executions in 31 s, no finding"
            let line = result.output.split(separator: "\n").first { $0.hasPrefix("fuzz \(target): ") }
            let count = line.flatMap { $0.split(separator: " ").dropFirst(2).first }.flatMap { Int($0) }
            #expect(line?.hasSuffix(", no finding") == true, "\(target): \(line.map(String.init) ?? "no summary line")\n\(result.errorOutput)")
            #expect((count ?? 0) > 0, "\(target): \(line.map(String.init) ?? "no summary line")")
        }
    }
}

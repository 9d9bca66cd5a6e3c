import Foundation
import KimDoc
#if canImport(Glibc)
import Glibc
#endif

/// What `kimdoc bench --json FILE` writes: every workload's figures and the machine they were
/// taken on, so that a person can keep a history and compare machines.
struct BenchRecord: Encodable {
    struct Machine: Encodable {
        var cores: Int
        var memoryMiB: Int
        var cpu: String
        var kernel: String
        var system: String
    }

    struct Workload: Encodable {
        var id: String
        var name: String
        var documents: Int
        var pages: Int?
        /// Wall seconds of each run, start-up included.
        var runs: [Double]
        var median: Double
        var msPerDocument: Double?
        var msPerPage: Double?
        /// The largest peak resident memory of the runs.
        var peakMiB: Double
        var target: String?
    }

    struct Typst: Encodable {
        var version: String
        var documents: Int
        /// Seconds inside Python, around the compiles, per run.
        var seconds: [Double]
        var median: Double
        /// The whole Python process, start-up included.
        var processMedian: Double
        var peakMiB: Double
        /// kimdoc's flyer set median over Typst's.
        var ratio: Double
    }

    var kimdoc = KimdocVersion.version
    var date: String
    var runsPerWorkload: Int
    var smoke: Bool
    var machine: Machine
    var workloads: [Workload]
    var typst: Typst?

    init(rows: [BenchCommand.Row], runs: Int, smoke: Bool) {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        date = f.string(from: Date())
        runsPerWorkload = runs
        self.smoke = smoke
        machine = Self.machine()
        workloads = rows.map { r in
            Workload(
                id: r.id, name: r.name, documents: r.documents, pages: r.m.pages, runs: r.m.seconds, median: r.m.median,
                msPerDocument: r.documents > 0 ? r.m.median * 1000 / Double(r.documents) : nil,
                msPerPage: r.m.pages.flatMap { $0 > 0 ? r.m.median * 1000 / Double($0) : nil },
                peakMiB: Double(r.m.peakKiB) / 1024, target: r.target)
        }
    }

    func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self) + Data("\n".utf8)
    }

    /// Cores, memory, CPU model (`/proc/cpuinfo`), kernel and system (`/etc/os-release`).
    static func machine() -> Machine {
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        func field(_ text: String, _ key: String, separator: Character) -> String? {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: separator, maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                    return parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            return nil
        }
        let kernel = [read("/proc/sys/kernel/ostype"), read("/proc/sys/kernel/osrelease"), read("/proc/sys/kernel/version")]
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }.joined(separator: " ")
        return Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryMiB: Int(ProcessInfo.processInfo.physicalMemory / 1_048_576),
            cpu: field(read("/proc/cpuinfo"), "model name", separator: ":") ?? "unknown",
            kernel: kernel.isEmpty ? "unknown" : kernel,
            system: field(read("/etc/os-release"), "PRETTY_NAME", separator: "=") ?? "unknown")
    }
}

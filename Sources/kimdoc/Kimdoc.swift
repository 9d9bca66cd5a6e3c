import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KimCore
import KimRender

@main
struct Kimdoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kimdoc",
        abstract: "Print-ready multilingual documents from translation catalogs, templates and data.",
        subcommands: [BuildCommand.self, FlyerCommand.self, FormCommand.self, DirectoryCommand.self, ServeCommand.self, UsersCommand.self, BenchCommand.self, CatalogCommand.self, TextCommand.self, FontsCommand.self, SamplesCommand.self]
    )

    static func main() {
        // Buffers of 128 KiB and more (PDF streams, font subsets) are mapped and unmapped on their
        // own. glibc would otherwise raise that threshold after the first such buffer is freed and
        // keep later ones in its heap, where a batch of forms left them fragmented: peak memory
        // grew with the number of forms (issue 7: the same for 100 and 10,000).
        _ = mallopt(-3, 128 * 1024)  // M_MMAP_THRESHOLD
        // One malloc arena per core, not glibc's eight, for a batch of forms: its threads come
        // and go, and each new one got an arena of its own with its own free memory (10,000
        // forms: 39.2 MiB instead of 37.1 for 100; with this, 37.9). Not for other commands:
        // a build runs more threads than cores (layouts, patterns loading beside them), and with
        // two arenas one run in six waited on the malloc lock (1,300 context switches instead of
        // 90, 30 % longer); the server's threads likewise (under 32 connections 250 context
        // switches per filled form and 14 % of the machine idle).
        if CommandLine.arguments.dropFirst().first == "form" {
            _ = mallopt(-8, Int32(max(2, min(64, sysconf(Int32(_SC_NPROCESSORS_ONLN))))))  // M_ARENA_MAX
        }
        if getenv(PeakReport.variable) != nil { atexit { PeakReport.write() } }
        main(nil)
    }
}

/// A process's own peak resident memory, for `kimdoc bench`. The rusage that wait4 gives for a
/// child started with posix_spawn is no use for that: the child shares its parent's memory until
/// it execs, and the kernel (`exec_mmap` in fs/exec.c) records that memory's high-water mark as the
/// child's. A 100 MiB parent's child `/bin/true` reports 103 MiB; the bench (about 28 MiB) made
/// every start-up look like 28 MiB or more. VmHWM in /proc/self/status counts the new image only.
enum PeakReport {
    /// Where the process writes its peak (KiB, as text) when it exits.
    static let variable = "KIMDOC_BENCH_PEAK_FILE"

    /// Writes VmHWM as the process exits, with plain system calls: what runs here counts in the
    /// figure it reports (reading the file through Foundation added over 2 MiB of code pages to a
    /// start-up).
    static func write() {
        guard let path = getenv(variable), path.pointee != 0, let kib = statusKiB("VmHWM") else { return }
        let text = Array("\(kib)\n".utf8)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard file >= 0 else { return }
        _ = text.withUnsafeBytes { Glibc.write(file, $0.baseAddress, $0.count) }
        close(file)
    }

    /// A memory field of /proc/PID/status in KiB ("VmHWM", "VmRSS"), read without Foundation.
    static func statusKiB(_ field: String, process: String = "self") -> Int? {
        let status = open("/proc/\(process)/status", O_RDONLY | O_CLOEXEC)
        guard status >= 0 else { return nil }
        defer { close(status) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { read(status, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let prefix = Array("\(field):".utf8)
        guard let line = buffer[..<count].split(separator: 0x0A).first(where: { $0.starts(with: prefix) }) else { return nil }
        let digits = line.dropFirst(prefix.count).drop { $0 == 0x20 || $0 == 0x09 }.prefix { (0x30...0x39).contains($0) }
        guard (1...18).contains(digits.count) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}

/// Runs a command body, printing kimdoc's own errors as one clear line and exiting with 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as any CustomStringConvertible & Error {
        // Foundation's errors as one sentence with the path, never their raw text.
        FileHandle.standardError.write(Data("kimdoc: \(KimError.describe(error))\n".utf8))
        throw ExitCode(1)
    }
}

/// The creation date for reproducible output: `--date`, else `SOURCE_DATE_EPOCH`, else now.
func creationDate(_ option: String?) throws -> Date? {
    guard let option else { return try DocumentInfo.sourceDateEpoch() }
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    var date = f.date(from: option)
    if date == nil {
        f.formatOptions = [.withFullDate]
        date = f.date(from: option)
    }
    let range = Double(UTCTime.earliestSeconds)...Double(UTCTime.latestSeconds)
    guard let date, range.contains(date.timeIntervalSince1970) else {
        throw ValidationError("--date \(option): give an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z.")
    }
    return date
}

/// Resolutions a PNG may be drawn at (`--dpi`, `--png`): checked before any work, so that
/// NaN, infinity or a million dpi is a message, not a trap or gigabytes of pixels.
func checkDPI(_ dpi: Double, flag: String = "--dpi") throws {
    guard CairoRenderer.dpiRange.contains(dpi) else {
        throw ValidationError("\(flag) \(dpi): give a resolution between \(Int(CairoRenderer.dpiRange.lowerBound)) and \(Int(CairoRenderer.dpiRange.upperBound)) dots per inch.")
    }
}

/// glibc's `mallopt` (malloc.h, which Swift's Glibc module does not import).
@_silgen_name("mallopt")
func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

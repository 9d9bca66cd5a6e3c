import ArgumentParser
import Foundation
import KimCore
import KimRender

@main
struct Kimdoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kimdoc",
        abstract: "Print-ready multilingual documents from translation catalogs, templates and data.",
        subcommands: [BuildCommand.self, FlyerCommand.self, FormCommand.self, DirectoryCommand.self, BenchCommand.self, CatalogCommand.self, TextCommand.self, FontsCommand.self, SamplesCommand.self]
    )
}

/// Runs a command body, printing kimdoc's own errors as one clear line and exiting with 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as any CustomStringConvertible & Error {
        FileHandle.standardError.write(Data("kimdoc: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// The creation date for reproducible output: `--date`, else `SOURCE_DATE_EPOCH`, else now.
func creationDate(_ option: String?) throws -> Date? {
    guard let option else { return DocumentInfo.sourceDateEpoch }
    let f = ISO8601DateFormatter()
    if let d = f.date(from: option) { return d }
    f.formatOptions = [.withFullDate]
    if let d = f.date(from: option) { return d }
    throw ValidationError("--date \(option): give an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z.")
}

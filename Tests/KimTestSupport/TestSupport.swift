// Helpers shared by kimdoc's test targets: the repository root, temporary folders, external tools.
public import Foundation

/// The repository root, from this file's path (Tests/KimTestSupport/TestSupport.swift).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh temporary folder, removed when `body` returns.
public func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

/// What an external tool (poppler, gettext) did.
public struct ToolResult: Sendable {
    public let status: Int32
    public let output: String
    public let errorOutput: String
}

/// Runs `/usr/bin/<tool>` and collects its standard output.
public func runTool(_ tool: String, _ arguments: [String]) throws -> ToolResult {
    try runProgram(URL(fileURLWithPath: "/usr/bin/\(tool)"), arguments)
}

/// Runs a program with extra environment variables and collects its output.
public func runProgram(_ program: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> ToolResult {
    let p = Process()
    p.executableURL = program
    p.arguments = arguments
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read standard error on another thread so neither pipe can fill up and block the tool.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return ToolResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self), errorOutput: String(decoding: errData, as: UTF8.self))
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// The `kimdoc` executable built next to the tests.
public func kimdocExecutable() throws -> URL {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let url = candidate.appendingPathComponent("kimdoc")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw TestSupportError(description: "kimdoc is not built next to the tests (\(dir.path)); run swift build first")
}

/// Runs kimdoc on the repository's project, optionally with its own temporary folder.
public func runKimdoc(_ arguments: [String], tmp: URL? = nil) throws -> ToolResult {
    var env = ["KIMDOC_ROOT": repositoryRoot.path]
    if let tmp { env["TMPDIR"] = tmp.path }
    return try runProgram(try kimdocExecutable(), arguments, environment: env)
}

/// A copy of the project's Templates/ and Translations/ in a temporary folder, for tests that
/// change templates or catalogs.
public func withProjectCopy<T>(_ body: (URL) throws -> T) throws -> T {
    try withTemporaryFolder { dir in
        for folder in ["Templates", "Translations"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        return try body(dir)
    }
}

/// A small deterministic random generator (SplitMix64), so a failing case can be replayed from
/// its seed.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

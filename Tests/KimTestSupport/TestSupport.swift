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
}

/// Runs `/usr/bin/<tool>` and collects its standard output.
public func runTool(_ tool: String, _ arguments: [String]) throws -> ToolResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ToolResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

import Foundation
import Testing

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder, removed when the test's closure ends.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

/// Runs a poppler tool and returns its standard output.
func run(_ tool: String, _ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed")
    return String(decoding: data, as: UTF8.self)
}

/// Text without the directional marks extractors add (LRM, RLM, embeddings, isolates).
func withoutDirectionalMarks(_ s: String) -> String {
    String(String.UnicodeScalarView(s.unicodeScalars.filter { !$0.properties.isBidiControl }))
}

/// Words: maximal runs of letters, marks, digits and joiners (ZWNJ belongs to Persian words).
/// Directional marks separate words: poppler writes a left-to-right stretch inside a right-to-left
/// line between U+202A and U+202C and drops the space after it.
func words(_ s: String) -> [String] {
    var out: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        let p = scalar.properties
        if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
            || scalar == "\u{200C}" || scalar == "\u{200D}"
        {
            current.append(scalar)
        } else if !current.isEmpty {
            out.append(String(current))
            current = String.UnicodeScalarView()
        }
    }
    if !current.isEmpty { out.append(String(current)) }
    return out
}

import Foundation
import Testing

@_exported import KimTestSupport

/// Runs a poppler tool that must succeed and returns its standard output.
func run(_ tool: String, _ arguments: [String]) throws -> String {
    let result = try runTool(tool, arguments)
    try #require(result.status == 0, "\(tool) \(arguments.joined(separator: " ")) failed")
    return result.output
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

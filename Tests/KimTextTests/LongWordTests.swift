@testable import KimText
@testable import KimUnicode
import Testing

/// Issue 19: one long value without spaces took quadratic time (1.9 s at 32k characters, 32 s at
/// 128k), because every line scanned all of the word's break candidates and hyphenated the whole
/// word again. Linearity is checked by counting, never by timing.
@Suite struct LongWordTests {
    @Test("lastFitting finds what a scan finds, with a logarithmic number of width checks")
    func searchNotScan() {
        var seed: UInt64 = 19
        func random(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<500 {
            let n = 1 + random(5000)
            var offsets: [Int] = []
            var o = 0
            for _ in 0..<n { o += 1 + random(3); offsets.append(o) }
            let start = random(o + 2) - 1, end = start + random(o + 2)
            let limit = start + random(o + 2)
            var checks = 0
            let found = LineBreaker.lastFitting(offsets, after: start, before: end, offset: { $0 }) { checks += 1; return $0 <= limit }
            let scanned = offsets.filter { $0 > start && $0 < end }.last { $0 <= limit }
            #expect(found == scanned)
            #expect(checks <= 2 * (Int.bitWidth - n.leadingZeroBitCount) + 2, "\(checks) checks for \(n) candidates")
        }
    }

    @Test("a word of 20000 characters breaks at graphemes into full lines, none wider than the width")
    func longWord() throws {
        let n = 20_000
        let breaker = LineBreaker(advances: Array(repeating: 1, count: n), units: Array(repeating: 0x61, count: n), width: 50)
        let lines = try breaker.breakLines(
            opportunities: [LineBreakOpportunity(offset: n, isHard: true)], fallback: [n], graphemes: Array(0...n))
        #expect(lines.count == n / 50)
        #expect(lines.allSatisfy { $0.content.count == 50 })
        #expect(lines.last?.next == n)
    }

    @Test("a long German word is hyphenated once, not once per line: the same lines as before")
    func hyphenatedLongWord() throws {
        let word = String(repeating: "Donaudampfschifffahrtsgesellschaft", count: 300)
        let p = try layout(word, "de", widthMM: 40, size: 10)
        #expect(p.lines.count > 100)
        #expect(p.lines.allSatisfy { $0.width <= p.width + 0.01 })
    }
}

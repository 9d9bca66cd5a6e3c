import Foundation
import Testing

@testable import KimWeb

/// The server's render threads: work runs there (not on Swift's cooperative threads), never more
/// at once than there are threads, and what it returns or throws reaches the request.
@Suite("Render threads")
struct RenderThreadsTests {
    struct Refused: Error, Equatable { let n: Int }

    /// What the renders saw, under a lock.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0
        private(set) var names = Set<String>()

        func enter() {
            lock.withLock {
                now += 1
                most = max(most, now)
                names.insert(RenderThreads.currentName())
            }
        }

        func leave() { lock.withLock { now -= 1 } }
    }

    @Test("40 renders from 40 requests at once: each on a render thread, at most two at a time, results and errors returned")
    func bounded() async throws {
        let threads = RenderThreads(count: 2)
        let seen = Seen()
        let results = try await withThrowingTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
            for n in 0..<40 {
                group.addTask {
                    do {
                        let value = try await threads.run { () throws -> Int in
                            seen.enter()
                            defer { seen.leave() }
                            usleep(2_000)
                            if n % 10 == 3 { throw Refused(n: n) }
                            return n * n
                        }
                        return (n, .success(value))
                    } catch let e as Refused {
                        return (n, .failure(e))
                    }
                }
            }
            var all: [Int: Result<Int, Refused>] = [:]
            for try await (n, r) in group { all[n] = r }
            return all
        }
        #expect(results.count == 40)
        for n in 0..<40 {
            if n % 10 == 3 {
                #expect(results[n] == .failure(Refused(n: n)))
            } else {
                #expect(results[n] == .success(n * n))
            }
        }
        #expect(seen.most == 2)
        #expect(seen.names == ["kimdoc-render-1", "kimdoc-render-2"])
    }
}

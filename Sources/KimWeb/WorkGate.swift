import Foundation

/// At most `width` pieces of CPU-bound work at once, started in the order they arrived (first in,
/// first out). The translators' previews go through one: without it, with more previews in
/// flight than cores, the runtime's scheduling let some wait many times longer than others
/// (8 translators on 2 cores: p50 32 ms, p95 690 ms); in arrival order every preview waits for
/// about the same number of others.
actor WorkGate {
    private let width: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var next = 0

    init(width: Int) { self.width = max(1, width) }

    private func enter() async {
        if running < width {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if next < waiting.count {
            // The slot passes to the one waiting longest.
            waiting[next].resume()
            next += 1
            if next > 64 && next * 2 > waiting.count {
                waiting.removeFirst(next)
                next = 0
            }
        } else {
            running -= 1
            waiting.removeAll(keepingCapacity: true)
            next = 0
        }
    }

    /// Runs `body` when a slot is free (in arrival order) and frees the slot after it.
    nonisolated func run<T>(_ body: () throws -> T) async throws -> T {
        await enter()
        do {
            let result = try body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }
}

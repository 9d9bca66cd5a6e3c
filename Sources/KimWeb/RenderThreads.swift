import Foundation

/// Threads of the server's own for CPU-bound work (documents, thumbnails, ZIPs, filled forms,
/// batches, the translators' previews): one per core, taking the work in the order it came
/// (first in, first out).
///
/// Rendering on Swift's cooperative threads (as many as cores) held them for 10 ms and more a
/// time, and every other step of every request (reading it, the middleware, writing the answer)
/// then waited behind a render on the same threads: with 4 connections on 2 cores a filled form
/// took p50 17 ms but p90 60 and p99 180 ms, although none took more than 29 ms inside the
/// handler. On threads of their own the renders leave the cooperative threads free for the short
/// steps, and in arrival order every request waits for about the same number of others (8
/// translators' previews on the cooperative threads without an order: p50 32 ms, p95 690 ms).
///
/// The work is in memory only: a closure with what the request gave, never written anywhere.
final class RenderThreads: Sendable {
    /// One set for the process, started on first use: the threads live as long as the process
    /// (a server runs one app; tests make many apps and share them).
    static let shared = RenderThreads(count: ProcessInfo.processInfo.activeProcessorCount)

    private let queue: Queue

    /// Starts `count` threads (at least one).
    init(count: Int) {
        queue = Queue()
        for n in 0..<max(1, count) {
            let queue = self.queue
            let thread = Thread {
                RenderThreads.name(current: "kimdoc-render-\(n + 1)")
                queue.serve()
            }
            // Layout recurses through nested boxes; the same room as a main thread.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Names the calling thread (as `top -H` and /proc show it). Foundation's `Thread.name` is not
    /// applied to the system thread on Linux, which keeps the name of the thread that started it.
    static func name(current name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Array(name.utf8.prefix(15)).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The calling thread's name, "" if it cannot be read.
    static func currentName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }

    /// Runs `body` on one of the threads when its turn comes and returns what it returned (or
    /// throws what it threw). The caller's task waits without holding a thread.
    func run<T>(_ body: () throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            // `body` must not outlive this call: the render thread takes it out of the slot, runs
            // it and lets go of it before the caller is resumed.
            let slot = Slot(body)
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Unchecked<T>, any Error>) in
                queue.add {
                    let outcome = slot.run()
                    switch outcome {
                    case .success(let value): continuation.resume(returning: Unchecked(value))
                    case .failure(let error): continuation.resume(throwing: error)
                    }
                }
            }.value
        }
    }

    /// A value handed from a render thread to the waiting task.
    private struct Unchecked<V>: @unchecked Sendable {
        let value: V
        init(_ value: V) { self.value = value }
    }

    /// The caller's work, handed to a render thread; the caller waits for it, so the two never
    /// use it at the same time.
    private final class Slot<V>: @unchecked Sendable {
        private var body: (() throws -> V)?
        init(_ body: @escaping () throws -> V) { self.body = body }

        /// Runs the work once and lets go of it before returning.
        func run() -> Result<V, any Error> {
            guard let work = body else { return .failure(CancellationError()) }
            body = nil
            return Result { try work() }
        }
    }

    /// The work not yet taken, oldest first.
    private final class Queue: @unchecked Sendable {
        private let condition = NSCondition()
        private var jobs: [@Sendable () -> Void] = []
        private var next = 0

        func add(_ job: @escaping @Sendable () -> Void) {
            condition.lock()
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }

        /// A thread's loop: takes the oldest job, runs it, and waits when there is none.
        func serve() {
            while true {
                condition.lock()
                while next == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    next = 0
                    condition.wait()
                }
                let job = jobs[next]
                next += 1
                if next > 64 && next * 2 > jobs.count {
                    jobs.removeFirst(next)
                    next = 0
                }
                condition.unlock()
                job()
            }
        }
    }
}

import Synchronization

/// A value made on first use, once, by whichever thread asks first; a thrown error is kept and
/// thrown again to every later caller (the work is not repeated).
public final class Lazy<Value: Sendable>: Sendable {
    private let state: Mutex<Result<Value, any Error>?> = Mutex(nil)
    private let make: @Sendable () throws -> Value

    public init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
    }

    /// Whether the value has been made (or its making has failed).
    public var isMade: Bool { state.withLock { $0 != nil } }

    public func value() throws -> Value {
        try state.withLock { state in
            if let done = state { return done }
            let made = Result { try make() }
            state = made
            return made
        }.get()
    }
}

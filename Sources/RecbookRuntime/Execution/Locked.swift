#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a mutex, for the little state that parallel family elements share.
final class Locked<State>: @unchecked Sendable {
    private var state: State
    private var mutex = pthread_mutex_t()

    init(_ state: State) {
        self.state = state
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    func read<T>(_ body: (State) -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body(state)
    }

    func modify<T>(_ body: (inout State) -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body(&state)
    }
}

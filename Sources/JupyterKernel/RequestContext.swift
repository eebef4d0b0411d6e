#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Synchronization

/// The request each shell thread is handling, so a comm message the language sends while
/// handling it (from a cell, or from a comm handler) gets it as parent: front ends route
/// outputs and `echo_update`s by parent, and a subshell's messages must not look like the
/// main shell's. A thread that is handling nothing has no entry.
enum RequestContext {
    private static let parents = Mutex<[UInt: JSONValue]>([:])

    private static var threadKey: UInt {
        #if canImport(Glibc)
        UInt(pthread_self())
        #else
        UInt(bitPattern: pthread_self())
        #endif
    }

    /// Runs `body` with `parent` as the calling thread's current request.
    static func with<T>(parent: JSONValue, _ body: () -> T) -> T {
        let key = threadKey
        let previous = parents.withLock { table in
            let old = table[key]
            table[key] = parent
            return old
        }
        defer { parents.withLock { $0[key] = previous } }
        return body()
    }

    /// The calling thread's current request header, or nil.
    static var currentParent: JSONValue? {
        let key = threadKey
        return parents.withLock { $0[key] }
    }
}

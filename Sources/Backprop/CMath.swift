// Elementary functions from the C library (no Foundation needed in the engine).
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif

/// tanh, for code inside types that have a member of the same name.
@inline(__always) func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }

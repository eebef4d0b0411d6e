import CZeroMQ

/// CurveZMQ (RFC 26): encryption and server authentication of a socket's connections.
///
/// A server socket holds a long-term keypair; a client must know the server's public key
/// to complete the handshake. Keys are 32 bytes, written in Z85 as 40 characters.
public enum Curve {
    /// Whether the libzmq this process runs on was built with CURVE (libsodium).
    public static var isAvailable: Bool { zmq_has("curve") == 1 }

    /// The 32 bytes of a Z85 key, or nil when `text` is not 40 Z85 characters.
    public static func decode(z85 text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count == 40 else { return nil }
        // zmq_z85_decode reads a C string and accepts any byte; check the alphabet first.
        let alphabet = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)
        guard chars.allSatisfy({ alphabet.contains($0) }) else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        let ok = text.withCString { c in out.withUnsafeMutableBufferPointer { zmq_z85_decode($0.baseAddress, c) != nil } }
        return ok ? out : nil
    }

    /// The public key (Z85) that belongs to the secret key `secretZ85`; nil when libzmq has
    /// no CURVE or the key is not Z85.
    public static func publicKey(secretZ85: String) -> String? {
        guard decode(z85: secretZ85) != nil else { return nil }
        var out = [CChar](repeating: 0, count: 41)
        let rc = secretZ85.withCString { zmq_curve_public(&out, $0) }
        guard rc == 0 else { return nil }
        return String(decoding: out.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A fresh keypair (Z85), for tests and tools; nil without CURVE.
    public static func keypair() -> (publicKey: String, secretKey: String)? {
        var pub = [CChar](repeating: 0, count: 41), sec = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&pub, &sec) == 0 else { return nil }
        func text(_ c: [CChar]) -> String { String(decoding: c.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return (text(pub), text(sec))
    }
}

extension Socket {
    /// Makes this socket a CURVE server with `secretKey` (Z85): only clients that know the
    /// matching public key can connect, and everything on the wire is encrypted. Must be
    /// set before `bind`.
    public func setCurveServer(secretKey: String) throws {
        try setOption(ZMQ_CURVE_SERVER, Int32(1))
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.utf8))
    }

    /// Makes this socket a CURVE client of a server whose public key is `serverKey`, with
    /// its own keypair (all Z85). Must be set before `connect`.
    public func setCurveClient(serverKey: String, publicKey: String, secretKey: String) throws {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: Array(serverKey.utf8))
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: Array(publicKey.utf8))
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(secretKey.utf8))
    }
}

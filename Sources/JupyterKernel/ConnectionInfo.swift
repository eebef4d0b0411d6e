import JSON
import ZeroMQ

/// The connection file a front end writes for the kernel it starts.
///
/// Ports may be 0 (tests): the kernel then binds a free port and reports the real one
/// through `KernelServer.endpoints`.
public struct ConnectionInfo: Sendable, Equatable {
    public enum Transport: String, Sendable { case tcp, ipc }

    public var transport: Transport
    /// An address for tcp ("127.0.0.1", "0.0.0.0", ...), a path prefix for ipc.
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    /// The HMAC key, used as its UTF-8 bytes; empty disables signing.
    public var key: String
    public var signatureScheme: String
    /// True when the file had no "key" at all (the kernel then runs unsigned, with a warning).
    public var keyMissing = false
    /// CurveZMQ server keypair (Z85, 40 characters each; jupyter_client 8.9+ writes them
    /// with `transport_encryption`): when set, every socket is a CURVE server.
    public var curvePublicKey: String?
    public var curveSecretKey: String?

    public var usesCurve: Bool { curveSecretKey != nil }
    /// JEP 66 handshake (a registration file: `registration_ip`/`registration_port` and a
    /// `kernel_id`, no ports): the kernel binds ports of its own choosing and sends them to
    /// this endpoint.
    public var registrationEndpoint: String?
    public var kernelID: String?

    /// An IPv6 tcp address (libzmq needs ZMQ_IPV6 on the socket to bind one).
    public var usesIPv6: Bool { transport == .tcp && ip.contains(":") }

    public init(transport: Transport = .tcp, ip: String = "127.0.0.1", shellPort: Int = 0, iopubPort: Int = 0,
                stdinPort: Int = 0, controlPort: Int = 0, hbPort: Int = 0, key: String = "",
                signatureScheme: String = "hmac-sha256") {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.hbPort = hbPort
        self.key = key
        self.signatureScheme = signatureScheme
    }

    /// Parses connection-file JSON. Unknown keys (kernel_name, ...) are ignored.
    public init(json bytes: [UInt8]) throws(ConnectionInfoError) {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw .invalidJSON(error.description) }
        guard value.objectValue != nil else { throw .invalidJSON("not a JSON object") }

        let transportName = value["transport"]?.stringValue ?? "tcp"
        guard let transport = Transport(rawValue: transportName) else { throw .unsupportedTransport(transportName) }
        self.transport = transport
        self.ip = value["ip"]?.stringValue ?? "127.0.0.1"
        let registration = value["shell_port"] == nil && value["registration_port"] != nil
        func port(_ name: String) throws(ConnectionInfoError) -> Int {
            if registration { return 0 }
            guard let p = value[name]?.intValue, (0...65535).contains(p) else { throw .missingOrBadField(name) }
            return p
        }
        if registration {
            guard let p = value["registration_port"]?.intValue, (1...65535).contains(p) else {
                throw .missingOrBadField("registration_port")
            }
            guard let id = value["kernel_id"]?.stringValue else { throw .missingOrBadField("kernel_id") }
            let host = value["registration_ip"]?.stringValue ?? ip
            if value["ip"] == nil { ip = host }
            registrationEndpoint = transport == .tcp
                ? "tcp://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host):\(p)" : "ipc://\(host)-\(p)"
            kernelID = id
        }
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        hbPort = try port("hb_port")
        // A key that is not a string must not silently turn signing off.
        switch value["key"] {
        case nil: key = ""; keyMissing = true
        case let k?:
            guard let text = k.stringValue else { throw .keyNotAString }
            key = text
        }
        signatureScheme = value["signature_scheme"]?.stringValue ?? "hmac-sha256"
        (curvePublicKey, curveSecretKey) = try Self.curveKeys(value)
        guard key.isEmpty || signatureScheme == "hmac-sha256" else {
            throw .unsupportedSignatureScheme(signatureScheme)
        }
    }

    /// Both curve keys or neither; each a string of 40 Z85 characters (checked here
    /// without libzmq; that the two belong together is checked when the sockets are made).
    private static func curveKeys(_ value: JSONValue) throws(ConnectionInfoError) -> (String?, String?) {
        let pub = value["curve_publickey"], sec = value["curve_secretkey"]
        if (pub == nil || pub == .null) && (sec == nil || sec == .null) { return (nil, nil) }
        guard let p = pub?.stringValue, let s = sec?.stringValue else {
            throw .badCurveKeys("curve_publickey and curve_secretkey must both be given, as strings")
        }
        guard Curve.decode(z85: p) != nil, Curve.decode(z85: s) != nil else {
            throw .badCurveKeys("curve_publickey and curve_secretkey must be 40-character Z85 keys")
        }
        return (p, s)
    }

    /// The endpoint to bind for `port`: `tcp://ip:port` (`*` for 0), or jupyter_client's
    /// ipc naming `ipc://ip-port`.
    public func endpoint(port: Int) -> String {
        switch transport {
        case .tcp:
            let host = ip.contains(":") && !ip.hasPrefix("[") ? "[\(ip)]" : ip
            return "tcp://\(host):\(port == 0 ? "*" : String(port))"
        case .ipc:
            return "ipc://\(ip)-\(port)"
        }
    }
}

/// Why a connection file could not be used (the key is never included).
public enum ConnectionInfoError: Error, Equatable, CustomStringConvertible {
    case invalidJSON(String)
    case missingOrBadField(String)
    case unsupportedTransport(String)
    case unsupportedSignatureScheme(String)
    case keyNotAString
    case badCurveKeys(String)

    public var description: String {
        switch self {
        case let .invalidJSON(why): "connection file is not valid JSON: \(why)"
        case let .missingOrBadField(name): "connection file: missing or invalid \"\(name)\""
        case let .unsupportedTransport(t): "connection file: unsupported transport \"\(t)\" (tcp or ipc)"
        case let .unsupportedSignatureScheme(s): "connection file: unsupported signature_scheme \"\(s)\" (hmac-sha256)"
        case .keyNotAString: "connection file: \"key\" must be a string (use \"\" for no signing)"
        case let .badCurveKeys(why): "connection file: \(why)"
        }
    }
}

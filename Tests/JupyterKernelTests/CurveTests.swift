import JSON
import Testing
import ZeroMQ
@testable import JupyterKernel

/// CurveZMQ keys in the connection file, and a CURVE server socket that a client with the
/// server's public key reaches and one with another key does not.
@Suite struct CurveTests {
    func file(_ extra: String) -> [UInt8] {
        Array(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k"\#(extra)}"#.utf8)
    }

    @Test func keysAreReadAndCheckedWithoutLibzmq() throws {
        let pair = try #require(Curve.keypair())
        let info = try ConnectionInfo(json: file(#", "curve_publickey": "\#(pair.publicKey)", "curve_secretkey": "\#(pair.secretKey)""#))
        #expect(info.usesCurve && info.curvePublicKey == pair.publicKey)
        #expect(Curve.publicKey(secretZ85: pair.secretKey) == pair.publicKey)
        #expect(try !ConnectionInfo(json: file("")).usesCurve)
        for bad in [#", "curve_secretkey": "\#(pair.secretKey)""#, #", "curve_publickey": 1, "curve_secretkey": 2"#,
                    #", "curve_publickey": "short", "curve_secretkey": "\#(pair.secretKey)""#] {
            #expect(throws: ConnectionInfoError.self) { try ConnectionInfo(json: file(bad)) }
        }
    }

    @Test func aMismatchedPairIsAStartUpError() throws {
        let a = try #require(Curve.keypair()), b = try #require(Curve.keypair())
        var info = ConnectionInfo(key: "k")
        info.curvePublicKey = a.publicKey
        info.curveSecretKey = b.secretKey
        #expect(throws: KernelError.self) { try KernelServer(connection: info, language: ToyLanguage()) }
    }

    @Test func onlyAClientWithTheServerKeyGetsThrough() throws {
        let server = try #require(Curve.keypair()), client = try #require(Curve.keypair()), other = try #require(Curve.keypair())
        let context = try Context()
        let rep = try Socket(context: context, type: .rep)
        try rep.setLinger(0)
        try rep.setCurveServer(secretKey: server.secretKey)
        try rep.bind("tcp://127.0.0.1:*")
        let endpoint = try rep.lastEndpoint
        func ask(serverKey: String) throws -> Bool {
            let req = try Socket(context: context, type: .req)
            try req.setLinger(0)
            try req.setCurveClient(serverKey: serverKey, publicKey: client.publicKey, secretKey: client.secretKey)
            try req.connect(endpoint)
            try req.send(Array("ping".utf8))
            guard try poll([.socket(rep)], timeout: 1000)[0] else { req.close(); return false }
            _ = try rep.receiveFrame()
            try rep.send(Array("pong".utf8))
            let got = try poll([.socket(req)], timeout: 1000)[0]
            req.close()
            return got
        }
        #expect(try !ask(serverKey: other.publicKey), "a wrong server key must not get through")
        #expect(try ask(serverKey: server.publicKey))
        rep.close()
    }
}

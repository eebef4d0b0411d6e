import Testing
@testable import JupyterKernel

/// A JEP 66 registration file: no ports (the kernel picks them), a registration address.
@Suite struct RegistrationFileTests {
    @Test func aRegistrationFileIsRead() throws {
        let json = #"{"kernel_id": "k1", "transport": "tcp", "registration_ip": "127.0.0.1", "registration_port": 5555, "signature_scheme": "hmac-sha256", "key": "abc"}"#
        let info = try ConnectionInfo(json: Array(json.utf8))
        #expect(info.registrationEndpoint == "tcp://127.0.0.1:5555")
        #expect(info.kernelID == "k1" && info.shellPort == 0 && info.ip == "127.0.0.1" && info.key == "abc")
    }

    @Test func aBadRegistrationFileIsRefused() {
        for json in [#"{"registration_port": 0, "kernel_id": "k", "key": ""}"#, #"{"registration_port": 5555, "key": ""}"#] {
            #expect(throws: ConnectionInfoError.self) { try ConnectionInfo(json: Array(json.utf8)) }
        }
        #expect(throws: ConnectionInfoError.self) { try ConnectionInfo(json: Array(#"{"key": ""}"#.utf8)) }
    }
}

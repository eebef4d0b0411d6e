// swift-tools-version: 6.0
// libFuzzer harnesses for backprop-kernel (see Fuzz/run.sh). Build with
//   swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// so every Swift module (the main package's too) is instrumented; libFuzzer supplies main().
import PackageDescription

let package = Package(
    name: "backprop-fuzz",
    dependencies: [.package(name: "backprop-kernel", path: "..")],
    targets: [
        // Frames → Message (signature check with a key, then JSON of the four parts) and the JSON parser.
        .executableTarget(name: "FuzzWire", dependencies: [
            .product(name: "JupyterKernel", package: "backprop-kernel"),
        ]),
        // Session().execute on arbitrary UTF-8 text: lexer, parser, interpreter, renderers.
        .executableTarget(name: "FuzzLanguage", dependencies: [
            .product(name: "BackpropLanguage", package: "backprop-kernel"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

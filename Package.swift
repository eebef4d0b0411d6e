// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "backprop-kernel",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "BackpropLanguage", targets: ["BackpropLanguage"]),
        .library(name: "JupyterKernel", targets: ["JupyterKernel"]),
        .library(name: "JupyterWidgets", targets: ["JupyterWidgets"]),
        .executable(name: "backprop-kernel", targets: ["backprop-kernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, libzmq3-dev).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ", providers: [.apt(["libzmq3-dev"])]),

        // A small JSON value type with a strict parser and a fast writer, shared by the
        // language (application/json bundles) and the kernel (wire format).
        .target(name: "JSON"),

        // The engine: no I/O, no parsing, no ZeroMQ.
        .target(name: "Backprop", dependencies: ["CBLAS"]),

        // Presentation primitives with no knowledge of networks: number formatting,
        // text/HTML/LaTeX tables and matrices, SVG charts.
        .target(name: "Rendering"),

        // The cell language: lexer, parser, interpreter, renderers.
        .target(name: "BackpropLanguage", dependencies: ["Backprop", "JSON", "Rendering"]),

        // libzmq, wrapped.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),

        // The Jupyter messaging protocol; knows nothing of backprop.
        .target(name: "JupyterKernel", dependencies: [
            "ZeroMQ", "JSON",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // The Jupyter widget protocol (ipywidgets 8 models) over JupyterKernel's comms; no backprop.
        .target(name: "JupyterWidgets", dependencies: ["JupyterKernel", "JSON"]),

        .executableTarget(name: "backprop-kernel", dependencies: [
            "BackpropLanguage", "JupyterKernel", "JupyterWidgets", "JSON",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Engine benchmarks (`make bench`): steps per second, the dgemm ceiling, explain.
        .executableTarget(name: "backprop-bench", dependencies: ["Backprop", "CBLAS"], path: "bench/engine"),
        // JSON parser throughput (`make bench`): MB/s on model-, key- and message-shaped documents.
        .executableTarget(name: "json-bench", dependencies: ["JSON"], path: "bench/json"),
        // The LeNet step with the conv/maxpool kernels (`make bench`, bench/layers_bench.py's engine half).
        .executableTarget(name: "layers-bench", dependencies: ["Backprop", "CBLAS"], path: "bench/layers"),

        .testTarget(name: "BackpropTests", dependencies: ["Backprop"], exclude: ["Fixtures"]),
        .testTarget(name: "BackpropLanguageTests", dependencies: ["BackpropLanguage", "Backprop", "JSON", "Rendering"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "JupyterWidgets", "ZeroMQ", "JSON"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

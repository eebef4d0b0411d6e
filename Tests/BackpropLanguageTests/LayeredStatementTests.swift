import Foundation
import JSON
import Testing
@testable import BackpropLanguage

/// net with layers beyond dense, mode, and the statements on such a network.
@Suite struct LayeredStatementTests {
    static let setup = """
        net 4 -> 8 batchnorm relu -> dropout 0.5 seed 1 -> 2 softmax
        loss cross_entropy
        x = [1 2 3 4; 0 1 0 1; 2 2 1 0]
        y = [1 0; 0 1; 1 0]
        """

    @Test func issueExamplesParseAndRun() throws {
        let s = Session()
        let net = run(s, Self.setup)
        let summary = try #require(net.object(kind: "net"))
        #expect(summary["parameters"]?.intValue == 8 * 4 + 8 + 8 + 8 + 2 * 8 + 2)
        #expect(summary["mode"]?.stringValue == "train")
        let forward = run(s, "forward")
        let f = try #require(forward.object(kind: "forward"))
        #expect(f["mode"]?.stringValue == "train")
        #expect(f.at("layers", 1, "mask")?.matrixValue != nil)
        #expect(forward.resultText?.contains("Forward pass in train mode") == true)
        run(s, "mode eval")
        let eval = try #require(run(s, "forward").object(kind: "forward"))
        #expect(eval["mode"]?.stringValue == "eval")
        #expect(eval.at("layers", 1, "mask") == nil)
        let backward = run(s, "backward")
        let text = try #require(backward.resultText)
        for symbol in ["∂L/∂x̂₁", "∂L/∂σ²₁", "∂L/∂μ₁", "∂L/∂γ₁", "eval mode"] { #expect(text.contains(symbol), "\(symbol)") }
    }

    @Test func imageNetParsesWithSizes() throws {
        // conv needs feat/conv's kernels to run; the shapes are checked at `net` either way.
        let s = Session()
        let (_, error) = s.execute("net 1x6x6 -> conv 2 3x3 relu -> maxpool 2x2 -> 8 sigmoid -> 2 softmax")
        if let error { #expect(!error.message.contains("shape")) }
        let bad = runExpectingError(s, "net 1x6x6 -> conv 2 7x7")
        #expect(bad.error?.message.contains("1 too tall and 1 too wide") == true)
    }

    @Test func badLayersAreClearErrorsAndChangeNothing() throws {
        let s = Session()
        run(s, Self.setup)
        let before = try #require(run(s, "show").object(kind: "net"))
        for (cell, fragment) in [
            ("net 4 -> dropout 1", "[0, 1)"),
            ("net 4 -> dropout -0.5", "[0, 1)"),
            ("net 1x6x6 -> conv 2 3x3 stride 0", "stride must be a whole number"),
            ("net 1x6x6 -> maxpool 2x2 stride 0", "stride must be a whole number"),
            ("net 1x6x6 -> conv 0 3x3", "number of filters"),
            ("net 4 -> conv 2 3x3", "needs an image"),
            ("net 1x6 -> 2", "channels×height×width"),
            ("net 1x6x6 -> conv 2 3x3x3", "height×width"),
            ("net 4 -> dropout 0.5 batchnorm", "batchnorm follows a dense layer"),
            ("net 1x6x6 -> conv 2 3x3 softmax", "softmax acts on a dense layer"),
        ] {
            let ran = runExpectingError(s, cell)
            #expect(ran.error?.message.contains(fragment) == true, "\(cell): \(ran.error?.message ?? "no error")")
        }
        let after = try #require(run(s, "show").object(kind: "net"))
        #expect(before == after)
    }

    @Test func namesOfTheNewParameters() throws {
        let s = Session()
        run(s, Self.setup)
        #expect(run(s, "show gamma1").resultText?.contains("γ₁") == true)
        #expect(run(s, "show gamma11").resultText?.contains("gamma11 = 1") == true)
        #expect(run(s, "show beta[1,2]").resultText?.contains("beta12 = 0") == true)
        #expect(run(s, "show mask2").resultText?.contains("mask₂") == true)
        #expect(run(s, "show dL/dgamma1").resultText?.contains("∂L/∂γ₁") == true)
        #expect(runExpectingError(s, "show gamma9").error != nil)
        #expect(runExpectingError(s, "show gamma19").error?.message.contains("out of range") == true)
        #expect(runExpectingError(s, "show K1").error?.message.contains("no kernels") == true)
        #expect(runExpectingError(s, "show gamma2").error?.message.contains("no batch norm") == true)
        #expect(runExpectingError(s, "train epochs 2").error?.message.contains("dense networks only") == true)
    }

    @Test func gradcheckAndStep() throws {
        let s = Session()
        run(s, Self.setup)
        let check = try #require(run(s, "gradcheck").object(kind: "gradcheck"))
        #expect(check["passed"]?.boolValue == true)
        #expect(check["entries"]?.arrayValue?.count == 74)
        let step = try #require(run(s, "step eta 0.1").object(kind: "step"))
        let before = try #require(step["loss_before"]?.doubleValue), after = try #require(step["loss_after"]?.doubleValue)
        #expect(after < before)
    }

    /// Running statistics move only on forward in train mode: PyTorch's momentum 0.1 with the
    /// unbiased variance (the torch fixtures check the numbers; here the bookkeeping).
    @Test func forwardKeepsRunningStatisticsBackwardDoesNot() throws {
        let s = Session()
        run(s, "net 2 -> 2 batchnorm\nx = [1 2; 3 6]\ny = [0 0; 0 0]")
        let before = try #require(run(s, "show gamma1").resultText)
        run(s, "backward")
        #expect(run(s, "show gamma1").resultText == before)
        run(s, "forward")
        let after = try #require(run(s, "show gamma1").resultText)
        #expect(after != before)
    }

    @Test func denseNetsAreUnchanged() throws {
        let s = Session()
        let net = try #require(run(s, "net 4 -> 4 sigmoid -> 2 softmax").object(kind: "net"))
        #expect(net["mode"] == nil)
        #expect(run(s, "mode eval").resultText?.contains("dense network") == true)
    }
}

/// explain through batch norm and dropout: the groups sum to the backward pass's gradient.
@Suite struct LayeredExplainTests {
    @Test func batchNormSharedPathsSumToTheGradient() throws {
        let s = Session()
        run(s, LayeredStatementTests.setup)
        for name in ["dL/dw111", "dL/db12", "dL/dgamma11", "dL/dbeta12", "dL/dw321"] {
            let e = try #require(run(s, "explain \(name)").object(kind: "explain"), "\(name)")
            let sum = try #require(e["path_sum"]?.doubleValue), gradient = try #require(e["gradient"]?.doubleValue)
            #expect(isClose(sum, gradient, rel: 1e-12, abs: 1e-15), "\(name): \(sum) vs \(gradient)")
        }
        let w = try #require(run(s, "explain dL/dw111").object(kind: "explain"))
        // 3 examples × (direct, through σ², through μ)
        #expect(w["group_count"]?.intValue == 9)
        let labels = w["groups"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
        #expect(labels.filter { $0.contains("through μ") }.count == 3)
    }

    @Test func dropoutZeroedPathsAreMarked() throws {
        let s = Session()
        run(s, "net 3 -> 6 tanh -> dropout 0.5 seed 3 -> 1\nx = [1 2 3; 3 1 2]\ny = [1; 0]")
        var marked = 0
        for i in 1...6 {
            let e = try #require(run(s, "explain dL/dw1\(i)1").object(kind: "explain"))
            for g in e["groups"]?.arrayValue ?? [] where g["zeroed_by"]?.stringValue != nil {
                marked += 1
                #expect(g["product"]?.doubleValue == 0)
            }
        }
        #expect(marked > 0)
        run(s, "mode eval")
        let e = try #require(run(s, "explain dL/dw111").object(kind: "explain"))
        #expect(e["zeroed"]?.intValue == 0)
    }
}

/// Python, NumPy, PyTorch and maths habits, each answered with what to write in this language:
/// `np.array(…)`, `loss.backward()`, `W1.grad`, `print(W1)`, `x**2`, `2x`, `e^(x^2)`, `import`,
/// `forward()`, `for … in range(…)`.
enum PythonHabits {
    static func recognise(_ site: Mistakes.Site) -> SyntaxError? {
        for check in checks {
            if let taught = check(site) { return taught }
        }
        return nil
    }

    private static let checks: [@Sendable (Mistakes.Site) -> SyntaxError?] = [
        numpyArray, imports, loops, methodCall, gradAttribute, printCall, power, exponential, implicitProduct,
        callParentheses, trailingSemicolon, matrixProduct, libraryFunction, attribute, naturalLog, netList, definition,
    ]

    /// `np.dot(W1, x)`, `W1 @ x`, `np.matmul(…)`
    static func matrixProduct(_ site: Mistakes.Site) -> SyntaxError? {
        guard let range = ["np.dot(", "np.matmul(", "torch.matmul(", "@"].lazy.compactMap({ site.find($0) }).first else { return nil }
        return site.taught("the forward pass does the matrix products (a1 = W1 h0 + b1, h1 = g(a1), …): write `forward`, then `show a1` or `show h1`",
                           range, expected: "`forward` or `show a1`")
    }

    /// `np.exp(x)`, `math.sin(x)`, `torch.sigmoid(x)`
    static func libraryFunction(_ site: Mistakes.Site) -> SyntaxError? {
        for library in ["np.", "numpy.", "math.", "torch.", "F."] {
            guard let range = site.find(library) else { continue }
            var end = range.upperBound
            while end < site.line.count, Lexer.isNameChar(site.line[end]) { end += 1 }
            let function = site.slice(range.upperBound..<end)
            let known = Vocabulary.functions.contains(function) ? function : (function == "ln" ? "log" : nil)
            guard let known else { continue }
            return site.taught("the functions are built in: write `\(known)(…)` (\(Vocabulary.functions.joined(separator: ", ")))",
                               range.lowerBound..<end, expected: "`\(known)(…)`", suggestion: known)
        }
        return nil
    }

    /// `W1.T`, `x.shape`, `W1.data`
    static func attribute(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.column < site.line.count, site.line[site.column] == "." else { return nil }
        var start = site.column
        while start > 0, Lexer.isNameChar(site.line[start - 1]) { start -= 1 }
        var end = site.column + 1
        while end < site.line.count, Lexer.isNameChar(site.line[end]) { end += 1 }
        let name = site.slice(start..<site.column), member = site.slice(site.column + 1..<end)
        guard let value = ValueName(name) else { return nil }
        let span = start..<end
        switch member {
        case "T", "transpose", "t":
            return site.taught("there is no transpose: W⟨l⟩ is n⟨l⟩ × n⟨l−1⟩, row i holding the weights into unit i; write it in that shape",
                               span, expected: "`show \(value)`")
        case "shape", "size", "ndim":
            return site.taught("`show \(value)` prints it; its shape is in the output and in inspection (shift-tab)", span,
                               expected: "`show \(value)`")
        default:
            return site.taught("names have no attributes: `show \(value)` prints it, `show dL/d\(value)` its gradient", span,
                               expected: "`show \(value)`")
        }
    }

    /// `chain ln(x) at x = 1`
    static func naturalLog(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.trimmed.hasPrefix("chain"), let range = site.find("ln("), range.lowerBound == site.column else { return nil }
        return site.taught("the natural logarithm is log: `log(…)`", range.lowerBound..<range.upperBound - 1,
                           expected: "`log(…)`", suggestion: "log")
    }

    /// `net [2, 2, 2]`, `net 2-2-2`, `net(2, 2, 2)`
    static func netList(_ site: Mistakes.Site) -> SyntaxError? {
        // Only a net written without arrows: `net 4 -> 0 sigmoid` keeps its own message.
        guard site.trimmed.hasPrefix("net"), !site.text.contains("->"), !site.text.contains("→") else { return nil }
        let sizes = site.trimmed.dropFirst(3).split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard sizes.count >= 2 else { return nil }
        let written = "net " + sizes.enumerated().map { $0.offset == 0 ? $0.element : "-> \($0.element) sigmoid" }.joined(separator: " ")
        let start = site.line.count - site.trimmed.unicodeScalars.count
        return site.taught("layers are written with arrows, each with its activation: `\(written)`",
                           start..<site.line.count, expected: "`\(written)`")
    }

    /// `def f(x):`, `lambda x: …`
    static func definition(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.trimmed.hasPrefix("def ") || site.trimmed.hasPrefix("lambda ") else { return nil }
        let start = site.line.count - site.trimmed.unicodeScalars.count
        return site.taught("there are no functions to define: for the chain rule on an expression write `chain x^2 + sin(x) at x = 1`",
                           start..<site.line.count, expected: "`chain x^2 + sin(x) at x = 1`")
    }

    /// `W1 = np.array([[0.1, 0.2], [0.3, 0.4]])`
    static func numpyArray(_ site: Mistakes.Site) -> SyntaxError? {
        for prefix in ["np.array(", "numpy.array(", "np.matrix(", "torch.tensor(", "np.asarray("] {
            guard let range = site.find(prefix) else { continue }
            var inner = site.slice(range.upperBound..<site.line.count)
            if let close = inner.lastIndex(of: ")") { inner = String(inner[..<close]) }
            let before = site.slice(0..<range.lowerBound)
            return site.taught("drop `\(prefix)...)`: the nested list works as it is",
                               range, expected: "\(before)\(inner)".trimmingBlanks)
        }
        return nil
    }

    /// `import numpy as np`, `from torch import nn`
    static func imports(_ site: Mistakes.Site) -> SyntaxError? {
        let words = site.trimmed.split(separator: " ")
        guard let first = words.first, first == "import" || (first == "from" && words.contains("import")) else { return nil }
        let start = site.line.count - site.trimmed.unicodeScalars.count
        return site.taught("nothing needs importing: the statements are built in (`help` lists them)",
                           start..<site.line.count, expected: "a statement such as `net 2 -> 2 sigmoid -> 2 sigmoid`")
    }

    /// `for epoch in range(100):`
    static func loops(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.trimmed.hasPrefix("for ") || site.trimmed.hasPrefix("while ") else { return nil }
        let start = site.line.count - site.trimmed.unicodeScalars.count
        let count = site.text.firstMatchOfRange ?? "100"
        return site.taught("there are no loops: `train` repeats the gradient step for you",
                           start..<site.line.count, expected: "`train epochs \(count) eta 0.5`")
    }

    /// `loss.backward()`, `model.forward(x)`, `optimizer.step()`, `model.train()`
    static func methodCall(_ site: Mistakes.Site) -> SyntaxError? {
        for method in ["backward", "forward", "step", "train", "zero_grad"] {
            guard let range = site.find(".\(method)(") else { continue }
            var start = range.lowerBound
            while start > 0, Lexer.isNameChar(site.line[start - 1]) { start -= 1 }
            var end = range.upperBound
            while end < site.line.count, site.line[end] != ")" { end += 1 }
            let span = start..<min(site.line.count, end + 1)
            if method == "zero_grad" {
                return site.taught("gradients are not accumulated here: every `backward` and `step` computes them afresh, so there is nothing to zero",
                                   span, expected: "`step` or `backward`")
            }
            let replacement = method == "step" ? "`step` (or `step eta 0.5`)" : method == "train" ? "`train epochs 100 eta 0.5`" : "`\(method)`"
            return site.taught("write \(replacement) on a line of its own: statements are not methods and take no parentheses",
                               span, expected: replacement)
        }
        return nil
    }

    /// `W1.grad`, `print(W1.grad)`, `w212.grad`
    static func gradAttribute(_ site: Mistakes.Site) -> SyntaxError? {
        guard let range = site.find(".grad") else { return nil }
        var start = range.lowerBound
        while start > 0, Lexer.isNameChar(site.line[start - 1]) { start -= 1 }
        let name = site.slice(start..<range.lowerBound)
        guard ValueName(name) != nil else { return nil }
        return site.taught("a gradient is written dL/d⟨name⟩: `show dL/d\(name)`", start..<range.upperBound,
                           expected: "`show dL/d\(name)`")
    }

    /// `print(W1)`, `print W1`, `print(loss)`
    static func printCall(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.trimmed.hasPrefix("print") else { return nil }
        var rest = site.trimmed.dropFirst(5).drop { $0 == " " }
        guard rest.first != "\"" else { return nil }
        let start = site.line.count - site.trimmed.unicodeScalars.count
        if rest.first == "(" { rest = rest.dropFirst() }
        if rest.last == ")" { rest = rest.dropLast() }
        let inside = String(rest).trimmingBlanks
        if inside.hasPrefix("\"") {
            return site.taught("print takes its text without parentheses", start..<site.line.count,
                               expected: "`print \(inside)`")
        }
        let name = inside.hasSuffix(".grad") ? "dL/d" + inside.dropLast(5) : inside
        guard !name.isEmpty else { return nil }
        let shown = ValueName(name) != nil ? name : "W1"
        return site.taught("print writes text in quotes; to see a value write `show \(shown)`",
                           start..<site.line.count, expected: "`show \(shown)` (or `print \"text\"`)")
    }

    /// `x**2` in a chain expression.
    static func power(_ site: Mistakes.Site) -> SyntaxError? {
        guard let range = site.find("**") else { return nil }
        return site.taught("powers are written with ^: `x^2`, not `x**2`", range, expected: "^")
    }

    /// `e^(x^2)`, `e^x`
    static func exponential(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.trimmed.hasPrefix("chain") else { return nil }
        for start in 0..<site.line.count where site.line[start] == "e" && start + 1 < site.line.count && site.line[start + 1] == "^" {
            if start > 0, Lexer.isNameChar(site.line[start - 1]) { continue }
            var end = start + 2
            var argument = ""
            if end < site.line.count, site.line[end] == "(" {
                var depth = 0
                while end < site.line.count {
                    if site.line[end] == "(" { depth += 1 }
                    if site.line[end] == ")" { depth -= 1; if depth == 0 { end += 1; break } }
                    end += 1
                }
                guard end - 1 >= start + 3 else { return nil }
                argument = site.slice(start + 3..<end - 1)
            } else {
                while end < site.line.count, Lexer.isNameChar(site.line[end]) { end += 1 }
                argument = site.slice(start + 2..<end)
            }
            return site.taught("e to a power is written exp(…): `exp(\(argument))`", start..<end,
                               expected: "`exp(\(argument))`")
        }
        return nil
    }

    /// `2x`, `3sin(x)`: a number right before a name.
    static func implicitProduct(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.error.message.hasPrefix("bad number"), site.trimmed.hasPrefix("chain") else { return nil }
        let start = site.column
        var split = start
        while split < site.line.count, Lexer.isDigit(site.line[split]) || site.line[split] == "." { split += 1 }
        guard split > start, split < site.line.count, Lexer.isNameStart(site.line[split]), site.line[split] != "e" || split + 1 < site.line.count && site.line[split + 1] == "x" else { return nil }
        var end = split
        while end < site.line.count, Lexer.isNameChar(site.line[end]) { end += 1 }
        let number = site.slice(start..<split), name = site.slice(split..<end)
        return site.taught("write the product with *: `\(number)*\(name)`", start..<end, expected: "`\(number)*\(name)`")
    }

    /// `forward()`, `backward()`, `graph()`
    static func callParentheses(_ site: Mistakes.Site) -> SyntaxError? {
        let words = ["forward", "backward", "graph", "step", "gradcheck", "show", "train", "clear"]
        guard let keyword = words.first(where: { site.trimmed.hasPrefix($0 + "(") }) else { return nil }
        let start = site.line.count - site.trimmed.unicodeScalars.count
        var inside = String(site.trimmed.dropFirst(keyword.count + 1))
        if inside.hasSuffix(")") { inside.removeLast() }
        let written = inside.trimmingBlanks.isEmpty ? keyword : "\(keyword) \(inside.trimmingBlanks)"
        return site.taught("statements take no parentheses: write `\(written)`", start..<site.line.count,
                           expected: "`\(written)`")
    }

    /// `x = [1 2];` (a C or MATLAB line end)
    static func trailingSemicolon(_ site: Mistakes.Site) -> SyntaxError? {
        guard site.column < site.line.count, site.line[site.column] == ";",
              site.slice(site.column + 1..<site.line.count).trimmingBlanks.isEmpty else { return nil }
        return site.taught("no `;` is needed at the end of a line (inside brackets `;` separates rows)",
                           site.column..<site.column + 1, expected: "end of line")
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }

    /// The number in `range(100)`, if any.
    fileprivate var firstMatchOfRange: String? {
        guard let r = firstRange(of: "range(") else { return nil }
        let digits = self[r.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}

extension StatementDeclaration {
    /// `net 4 -> 4 sigmoid -> 2 softmax` (its own grammar: a chain of sizes).
    static let net = StatementDeclaration(
        "net", syntax: ["net N0 -> N1 [ACTIVATION] -> … -> NL [ACTIVATION]"],
        summary: "Defines the layers of the network. The first size is the input; every later layer has a size and an activation (linear when left out). The parameters are initialised randomly from a fixed default seed so that a notebook runs the same every time. Prints a summary table of layers, activations, parameter shapes and counts. Every statement first estimates the memory it needs from the network's shape and the batch; a network too large for one step within the memory budget (about 1 GiB; the environment variable BACKPROP_MEMORY_LIMIT, e.g. 4GiB, sets it when the kernel starts) is refused with the estimate.",
        example: "net 4 -> 4 sigmoid -> 2 softmax", display: .table,
        complete: { context in
            guard let last = context.words.last, last.first?.isNumber == true, context.words.count > 1 else { return [] }
            return Vocabulary.activations
        },
        parse: { parser throws(SyntaxError) in .net(try parser.parseNet()) },
        run: { interpreter, kind in
            guard case let .net(declaration) = kind else { throw mismatch("net") }
            return try interpreter.net(declaration)
        })
}

extension StatementDeclaration {
    /// `W1 = [0.1 0.3; -0.3 -0.2]`, `b1 = 0`, `w212 = 0.9` (recognised by its shape: no keyword).
    static let assignment = StatementDeclaration(
        "=", syntax: ["NAME = NUMBER", "NAME = [a b; c d]", "NAME = [[a, b], [c, d]]"],
        summary: "Sets a parameter (W1, b1, w212, b13, w[2,1,12], b[1,3], W[12], b[12]) or the data (x, y, one example per row). Matrix rows are separated by ; or line breaks and entries by spaces or commas; a sign belongs to the number right after it, so [1 -2] has two entries. One number sets every entry of a bias vector. Shapes are checked against the network.",
        example: "W1 = [0.1 0.3; -0.3 -0.2]\nb1 = 0\nw212 = 0.9", display: .nothing,
        complete: { _ in [] },
        parse: { parser throws(SyntaxError) in .assign(try parser.parseAssignment()) },
        run: { interpreter, kind in
            guard case let .assign(assignment) = kind else { throw mismatch("=") }
            return try interpreter.assign(assignment)
        })
}

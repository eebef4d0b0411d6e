import Testing
@testable import BackpropLanguage

@Suite struct IsCompleteTests {
    @Test func completeCells() {
        #expect(Syntax.isComplete("") == .complete)
        #expect(Syntax.isComplete("   \n# only a comment") == .complete)
        #expect(Syntax.isComplete("forward") == .complete)
        #expect(Syntax.isComplete("W1 = [1 2\n 3 4]") == .complete)
    }

    @Test func openBracketsAskForMoreAlignedAfterTheBracket() {
        #expect(Syntax.isComplete("W1 = [ 0.1  0.3") == .incomplete(indent: "       "))
        #expect(Syntax.isComplete("W1 = [") == .incomplete(indent: "      "))
        #expect(Syntax.isComplete("W1 = [[1, 2],\n") == .incomplete(indent: "      "))
        #expect(Syntax.isComplete("chain exp(x") == .incomplete(indent: "          "))
    }

    @Test func trailingArrowContinues() {
        #expect(Syntax.isComplete("net 4 -> 4 sigmoid ->") == .incomplete(indent: "    "))
        #expect(Syntax.isComplete("net 4 -> 4 sigmoid ->  # more below\n") == .incomplete(indent: "    "))
    }

    @Test func invalidCells() {
        #expect(Syntax.isComplete("forward\n]") == .invalid)
        #expect(Syntax.isComplete("W1 = [1 2)") == .invalid)
        #expect(Syntax.isComplete("print \"open") == .invalid)
        #expect(Syntax.isComplete("net 4 -> 4 sigmod") == .invalid)
    }
}

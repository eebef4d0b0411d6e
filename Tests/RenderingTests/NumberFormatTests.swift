import Testing
@testable import Rendering

@Suite("Number formatting")
struct NumberFormatTests {
    @Test("fixed rounding is exact, ties to even like printf", arguments: [
        (0.125, 2, "0.12"),
        (0.375, 2, "0.38"),
        (2.675, 2, "2.67"),
        (1.005, 2, "1.00"),
        (9.99995, 4, "10.0000"),
        (0.5, 0, "0"),
        (1.5, 0, "2"),
        (2.5, 0, "2"),
        (0.6, 0, "1"),
        (-2.675, 2, "-2.67"),
        (-0.30000001, 4, "-0.3000"),
        (123.456, 1, "123.5"),
        (1e-5, 4, "0.0000"),
        (-0.00001, 4, "0.0000"),
        (-0.0, 4, "0.0000"),
        (0.0, 0, "0"),
        (1e20, 2, "100000000000000000000.00"),
    ] as [(Double, Int, String)])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(NumberFormat(precision: decimals).fixed(value) == expected)
    }

    @Test("display form switches to scientific for tiny and huge values", arguments: [
        // 4 significant digits; scientific below 10^-3 and from 10^9 (issue 12).
        (1e-5, "1.000e-05"),
        (-1e-5, "-1.000e-05"),
        (1.23456789e-7, "1.235e-07"),
        (3.1e12, "3.100e+12"),
        (9.99999e-7, "1.000e-06"),
        (0.0001, "1.000e-04"),
        (0.001, "0.001000"),
        (0.1, "0.1000"),
        (-0.3, "-0.3000"),
        (0.0, "0.000"),
        (-0.0, "0.000"),
        (999_999_999.0, "1.000e+09"),
        (123_456_789.0, "123456789"),
        (1e9, "1.000e+09"),
        (-1.5e300, "-1.500e+300"),
        (1e-14, "1.000e-14"),
        // Below NumberFormat.negligible (1e-15): rounding noise of an exact zero shows as zero.
        (-1.3720571605714e-18, "0.000"),
        (Double.leastNonzeroMagnitude, "0.000"),
        (Double.nan, "NaN"),
        (Double.infinity, "∞"),
        (-Double.infinity, "−∞"),
    ] as [(Double, String)])
    func display(value: Double, expected: String) {
        #expect(NumberFormat().string(value) == expected)
    }

    @Test func precisionIsClamped() {
        #expect(NumberFormat(precision: -3).precision == 0)
        #expect(NumberFormat(precision: 99).precision == 30)
        #expect(NumberFormat(precision: 30).fixed(0.1) == "0.100000000000000005551115123126")
    }

    @Test func fullPrecisionRoundTrips() {
        #expect(NumberFormat.fullPrecision(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormat.fullPrecision(1e-5) == "1e-05")
        #expect(NumberFormat.fullPrecision(-.infinity) == "−∞")
        for value in [0.1, 2.675, 1.0 / 3.0, 6.02214076e23, Double.leastNonzeroMagnitude] {
            #expect(Double(NumberFormat.fullPrecision(value)) == value)
        }
    }

    @Test func exactExpansionOfKnownValues() {
        let expansion = ExactDecimal(2.675)
        let text = expansion.digits.map(String.init).joined()
        #expect(text == "267499999999999982236431605997495353221893310546875")
        #expect(expansion.exponent == 1)
        #expect(ExactDecimal(1024).digits == [1, 0, 2, 4])
    }
}

/// `precision N` means N significant digits.
@Suite struct SignificantDigitTests {
    @Test(arguments: [
        (0.0031594, 4, "0.003159"), (0.0031594, 2, "0.0032"), (0.0031594, 6, "0.00315940"),
        (-0.30000001, 4, "-0.3000"), (2.9, 4, "2.900"), (1234.5678, 4, "1235"), (0.10556, 3, "0.106"), (0.1055, 3, "0.105"),
        (1.23456789e-7, 4, "1.235e-07"), (-4.0574e-5, 4, "-4.057e-05"), (0.0, 4, "0.000"), (9.99995, 4, "10.00"),
    ])
    func significant(_ value: Double, _ digits: Int, _ expected: String) {
        #expect(NumberFormat(precision: digits).string(value) == expected)
    }

    @Test func zeroPrecisionIsOneSignificantDigit() {
        #expect(NumberFormat(precision: 0).string(0.0031594) == "0.003")
    }

    @Test func oneScalePerColumn() {
        let scale = NumberScale([0.25, 0.0031594, -0.1], format: NumberFormat())
        #expect(scale.exponent == 0 && scale.decimals == 4)
        #expect([0.25, 0.0031594, -0.1].map(scale.mantissa) == ["0.2500", "0.0032", "-0.1000"])
        let small = NumberScale([-1e-4, -4.0574e-5, 0], format: NumberFormat())
        #expect(small.exponent == -4 && small.plainFactor == "×10⁻⁴" && small.latexFactor == #"\times 10^{-4}"#)
        #expect([-1e-4, -4.0574e-5, 0].map(small.mantissa) == ["-1.000", "-0.406", "0.000"])
        #expect(NumberScale([.nan, 1], format: NumberFormat()).mantissa(.nan) == "NaN")
    }
}

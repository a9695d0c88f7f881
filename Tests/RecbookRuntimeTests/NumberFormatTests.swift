import RecbookResults
import Testing
@testable import RecbookRuntime

/// How numbers read in every report.
struct NumberFormatTests {
    @Test(arguments: [
        (NumberFormat.fixed(4), 0.27596, "0.2760"),
        (.fixed(4), -0.00004, "0.0000"),
        (.fixed(2), -1.006, "-1.01"),
        (.fixed(0), 2.5, "3"),
        (.integer, 73371, "73,371"),
        (.integer, -1234567, "-1,234,567"),
        (.integer, 999, "999"),
        (.percent(2), -0.20290, "-20.29%"),
        (.percent(2), 0.0288, "+2.88%"),
        (.percent(2), 0, "0.00%"),
        (.duration, 0.0123, "12 ms"),
        (.duration, 0.0042, "4.2 ms"),
        (.duration, 1.25, "1.25 s"),
        (.duration, 125, "2 min 5 s"),
        (.duration, 239.6, "4 min 0 s"),  // rounded once: not "3 min 60 s"
        (.duration, 59.996, "1 min 0 s"),  // not "60.00 s"
        (.pValue, 0.00003, "< 0.0001"),
        (.pValue, 0.0134, "0.0134"),
        (.fixed(3), .nan, "NaN"),
        (.fixed(3), -.infinity, "-∞"),
    ] as [(NumberFormat, Double, String)])
    func formats(format: NumberFormat, value: Double, text: String) {
        #expect(format.format(value) == text)
    }
}

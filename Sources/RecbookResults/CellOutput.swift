/// What a cell shows, recorded as data so every report format renders the same run.
public enum CellOutput: Sendable, Equatable, Codable {
    /// Log lines (one string may hold several lines).
    case text(String)
    case table(Table)
    case chart(Chart)
    /// Headline numbers of a result (e.g. HR@100 = 0.2760), shown as a row of figures.
    case figures([Figure])
    /// Names the statement the outputs after it come from, in cells of several statements.
    case statement(StatementHeading)
    /// A caveat about how a result was measured (e.g. sampled metrics); shown at every
    /// output level but `none`, and once per statement over a family.
    case notice(String)
}

/// The statement a group of outputs comes from: its source, its line, and its wall time.
public struct StatementHeading: Sendable, Equatable, Codable {
    /// The statement as written (its first line, " …" when it goes on).
    public var source: String
    public var line: Int
    public var seconds: Double
    public init(source: String, line: Int, seconds: Double) {
        self.source = source
        self.line = line
        self.seconds = seconds
    }
}

/// A number with how to show it.
public struct Figure: Sendable, Equatable, Codable {
    public var label: String
    public var value: Double
    public var format: NumberFormat
    public init(label: String, value: Double, format: NumberFormat = .fixed(4)) {
        self.label = label
        self.value = value
        self.format = format
    }
}

public enum NumberFormat: Sendable, Equatable, Codable {
    /// Fixed decimals: `.fixed(4)` shows 0.2760.
    case fixed(Int)
    /// A whole number with thousands separators: 73,371.
    case integer
    /// A ratio shown as a signed percentage with decimals: -20.29%.
    case percent(Int)
    /// Seconds shown as 12 ms, 1.25 s, 2 min 3 s.
    case duration
    /// A p-value: four decimals, or "< 0.0001" below that.
    case pValue

    public func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        switch self {
        case .fixed(let digits):
            return formatFixed(value, digits: digits)
        case .integer:
            let whole = Int(value.rounded())
            let digits = String(abs(whole))
            var grouped = ""
            for (i, ch) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(ch)
            }
            return (whole < 0 ? "-" : "") + grouped
        case .percent(let digits):
            let text = formatFixed(value * 100, digits: digits)
            return (value > 0 ? "+" : "") + text + "%"
        case .pValue:
            return value < 0.0001 ? "< 0.0001" : formatFixed(value, digits: 4)
        case .duration:
            if value < 1 { return formatFixed(value * 1000, digits: value < 0.01 ? 1 : 0) + " ms" }
            if value < 59.995 { return formatFixed(value, digits: 2) + " s" }
            // Round once, so 239.6 s reads "4 min 0 s", not "3 min 60 s".
            let total = Int(value.rounded())
            return "\(total / 60) min \(total % 60) s"
        }
    }
}

/// `value` rounded half away from zero to `digits` decimals, without Foundation.
func formatFixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(value) }
    let whole = Int(scaled)
    let intPart = whole / Int(scale)
    var frac = String(whole % Int(scale))
    while frac.count < digits { frac = "0" + frac }
    let sign = (value < 0 && whole != 0) ? "-" : ""
    return digits == 0 ? "\(sign)\(intPart)" : "\(sign)\(intPart).\(frac)"
}

/// A table of values; numbers stay numbers so JSON consumers need not parse strings.
public struct Table: Sendable, Equatable, Codable {
    public var title: String?
    public var columns: [String]
    public var rows: [[TableValue]]
    public init(title: String? = nil, columns: [String], rows: [[TableValue]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

public enum TableValue: Sendable, Equatable, Codable {
    case text(String)
    case number(Double, NumberFormat)
    /// No value (shown as an en dash).
    case empty

    public var displayText: String {
        switch self {
        case .text(let s): return s
        case .number(let v, let f): return f.format(v)
        case .empty: return "–"
        }
    }
}

/// A chart described by its data; renderers draw it as SVG.
public struct Chart: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// Series of (x, y) points joined by lines (e.g. loss per epoch, HR against ε),
        /// each with an optional error band (`Series.lower`/`upper`).
        case line
        /// Grouped bars: one group per category, one bar per series (e.g. metrics per model).
        /// Each category is drawn in a panel with its own value scale, so AUC does not flatten HR.
        case bar
        /// A grid of coloured cells (`Chart.grid`), e.g. HR over factors × learning rate.
        case heatmap
    }

    public struct Series: Sendable, Equatable, Codable {
        public var name: String
        /// For `.line`, x values; for `.bar`, ignored (bars follow `categories`).
        public var x: [Double]
        public var y: [Double]
        /// Lower and upper ends of an error band or bar, one per point (nil: none).
        public var lower: [Double]?
        public var upper: [Double]?
        public init(name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil) {
            self.name = name
            self.x = x
            self.y = y
            self.lower = lower
            self.upper = upper
        }
    }

    /// The cells of a heat map: `values[row][column]`, NaN where there is no value.
    public struct Grid: Sendable, Equatable, Codable {
        public var rows: [String]
        public var columns: [String]
        public var values: [[Double]]
        /// How each cell's number is printed inside it.
        public var format: NumberFormat
        public init(rows: [String], columns: [String], values: [[Double]], format: NumberFormat = .fixed(4)) {
            self.rows = rows
            self.columns = columns
            self.values = values
            self.format = format
        }
    }

    public var kind: Kind
    public var title: String
    /// For `.heatmap`, the column axis's label.
    public var xLabel: String
    /// For `.heatmap`, the row axis's label.
    public var yLabel: String
    /// Bar groups' labels (only for `.bar`).
    public var categories: [String]
    public var series: [Series]
    /// Only for `.heatmap`.
    public var grid: Grid?
    /// A line under the chart saying what the marks are (e.g. "mean over 10 seeds; bands: 95 % t interval").
    public var caption: String?
    /// Draw the x axis of a line chart on a log scale (every x must be positive).
    public var logarithmicX: Bool

    public init(
        kind: Kind, title: String, xLabel: String, yLabel: String, categories: [String] = [], series: [Series],
        grid: Grid? = nil, caption: String? = nil, logarithmicX: Bool = false
    ) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.grid = grid
        self.caption = caption
        self.logarithmicX = logarithmicX
    }
}

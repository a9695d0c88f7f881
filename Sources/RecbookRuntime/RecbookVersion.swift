import RecbookResults
public enum RecbookVersion { public static let current = "0.1.0" }

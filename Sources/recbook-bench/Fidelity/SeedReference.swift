import RecbookResults
/// The seed notebook's figures on ML-500: the seed's TensorFlow code, 10 seeds on this
/// machine (BPR-MF d 64, Adagrad lr 0.05, batch 512, 5 epochs; FGSM ε 0.5; APR one epoch
/// from BPR, seed variant, ε 0.5, α 1; full-ranking HR/nDCG/AUC@100).
enum SeedReference {
    /// A mean with its min–max range over the 10 seeds (nil when the source gives only a mean).
    struct Figure {
        var mean: Double
        var range: ClosedRange<Double>?
    }

    static let source = "the seed's TensorFlow code, 10 seeds on this machine"

    static let bprHR = Figure(mean: 0.278, range: 0.270...0.290)
    static let bprNDCG = Figure(mean: 0.0672, range: 0.0648...0.0699)
    static let bprAUC = Figure(mean: 0.822, range: 0.818...0.824)
    static let bprFGSMHR = Figure(mean: 0.224, range: 0.212...0.234)
    /// Mean relative HR@100 drop of BPR under FGSM ε 0.5.
    static let bprFGSMDrop = 0.195
    static let aprHR = Figure(mean: 0.290, range: 0.276...0.306)
    static let aprFGSMHR = Figure(mean: 0.248, range: 0.218...0.284)
    /// Mean relative HR@100 drop of APR (seed variant) under FGSM ε 0.5.
    static let aprFGSMDrop = 0.147
}

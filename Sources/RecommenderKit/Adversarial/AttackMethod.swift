/// The perturbations of a model's embeddings, by name (docs/algorithms.md defines each).
public enum AttackMethod: String, Sendable, CaseIterable {
    /// One gradient-sign step of norm ε on every embedding row (Goodfellow et al. 2015, as the seed).
    case fgsm
    /// Random directions of the same norm: the baseline an adversarial direction must beat.
    case random
    /// Projected gradient steps inside the ε-ball (Madry et al. 2018).
    case pgd
}

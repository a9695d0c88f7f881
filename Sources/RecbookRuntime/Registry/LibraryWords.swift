import RecbookLanguage
import RecommenderKit

// Word options are the library's own enums: their raw values are the words the checker
// accepts, `help` lists and the runtime decodes, so no word can fall back to another.
extension SplitMethod: WordArgument {}
extension SyntheticPreset: WordArgument {}
extension OptimizerKind: WordArgument {}
extension APRVariant: WordArgument {}
extension AttackMethod: WordArgument {}
extension Metric: WordArgument {}
extension TiePolicy: WordArgument {}
extension SamplingLaw: WordArgument {}
extension ValidationMethod: WordArgument {}

import RecbookLanguage
import RecbookResults
import RecommenderKit

/// `attack METHOD MODEL`: a new, perturbed model; the attacked model is untouched.
enum AttackCommand: NotebookCommand {
    static let mayStartEarly = true
    static let method = Subject<AttackMethod>(0, "METHOD", doc: "The perturbation.")
    static let model = Subject<BoundName>(
        1, "MODEL", type: .reference(ReferenceRequirement(kind: .model, families: [.bprmf, .ials], allowsAttacked: false)),
        doc: "The model to perturb (not one already attacked: perturbations do not stack).")
    static let epsilon = ValueOption<Double>(
        "epsilon", default: 0.5, bounds: .greaterThan(0), doc: "L2 norm of each embedding's perturbation.")
    static let steps = ValueOption<Int>(
        "steps", default: 10, bounds: .between(1, 1000), doc: "Gradient steps.", when: .subject(0, is: AttackMethod.pgd.rawValue))
    static let step = OptionalOption<Double>(
        "step", bounds: .greaterThan(0), absent: "2.5 × `epsilon` / `steps` (Madry et al.)",
        doc: "Size of each gradient step.", when: .subject(0, is: AttackMethod.pgd.rawValue))

    static let signature = CommandSignature(
        name: "attack",
        summary: "Perturbs a model's embeddings; the original model is left untouched.",
        subjects: [method, model],
        options: [epsilon, steps, step, CommonOptions.seed, CommonOptions.seeds],
        result: .attackedModel(subject: 1),
        example: "hit = attack fgsm bpr epsilon=0.5", isRandom: true)

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let modelName = invocation[model]
        let model = invocation.model(modelName)
        // The gradient attacks follow the BPR loss at the model's factors; an iALS model has
        // no BPR L2 term, so its attacks use none (docs/algorithms.md, "Attacking iALS").
        let factors: FactorModel, regularization: Float
        switch model.content {
        case .bpr(let base): (factors, regularization) = (base.factors, base.configuration.regularization)
        case .implicitALS(let base): (factors, regularization) = (base.factors, 0)
        default: throw .noEmbeddings(modelName.name, action: "perturb", at: invocation.statement.range(of: Self.model))
        }
        let dataset = invocation.dataset(named: model.datasetName).dataset
        let epsilon = Float(invocation[epsilon])
        let generator = invocation.generator
        let attacked: PerturbedModel
        do {
            switch invocation[method] {
            case .random:
                attacked = try RandomNoiseAttack(epsilon: epsilon).attack(factors, generator: generator)
            case .pgd:
                // The default step is the library's (2.5 · ε / steps), as `step`'s documentation says.
                let attack = IterativeAttack(
                    epsilon: epsilon, steps: invocation[steps], stepSize: invocation[step].map(Float.init), randomStart: true,
                    regularization: regularization)
                attacked = try attack.attack(factors, on: dataset, generator: generator, context: invocation.compute)
            case .fgsm:
                attacked = try FGSMAttack(epsilon: epsilon, regularization: regularization)
                    .attack(factors, on: dataset, generator: generator, context: invocation.compute)
            }
        } catch {
            throw .attack(error, at: invocation.statement.range)
        }
        var outputs: [CellOutput] = [.text("\(modelName) attacked: \(attacked.perturbation.summary)")]
        if let before = attacked.perturbation.lossBefore, let after = attacked.perturbation.lossAfter {
            outputs.append(.figures([
                Figure(label: "Training loss before", value: before, format: .fixed(1)),
                Figure(label: "Training loss after", value: after, format: .fixed(1)),
                Figure(label: "Change", value: before != 0 ? after / before - 1 : 0, format: .percent(2)),
            ]))
        }
        let value = ModelValue(
            content: .attacked(attacked), datasetName: model.datasetName,
            summary: "\(model.summary), attacked: \(attacked.perturbation.summary)")
        return CommandOutcome(value: .model(value), outputs: outputs)
    }
}

import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `attack METHOD MODEL`: a new, perturbed model; the attacked model is untouched.
enum AttackCommand {
    static func run(_ statement: CheckedStatement, label: String, in environment: ExecutionEnvironment) throws -> CommandOutcome {
        let method = statement.subject(0).word ?? "fgsm"
        let modelName = statement.subject(1).reference ?? ""
        let model = environment.model(modelName)
        guard case .bpr(let base) = model.content else {
            throw RunFailure("`\(modelName)` has no embeddings to perturb", at: statement.subject(1).range)
        }
        let dataset = environment.dataset(model.datasetName).dataset
        let epsilon = Float(statement.option("epsilon").double ?? 0.5)
        let generator = environment.generator(for: statement, label: label)
        let attacked: PerturbedModel
        do {
            switch method {
            case "random":
                attacked = try RandomNoiseAttack(epsilon: epsilon).attack(base.factors, generator: generator)
            case "pgd":
                let attack = IterativeAttack(
                    epsilon: epsilon, steps: statement.option("steps").int ?? 10,
                    stepSize: statement.option("step").double.map(Float.init), randomStart: true,
                    regularization: base.configuration.regularization)
                attacked = try attack.attack(base.factors, on: dataset, generator: generator, context: environment.compute)
            default:
                attacked = try FGSMAttack(epsilon: epsilon, regularization: base.configuration.regularization)
                    .attack(base.factors, on: dataset, generator: generator, context: environment.compute)
            }
        } catch {
            throw RunFailure("\(error)", at: statement.range)
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

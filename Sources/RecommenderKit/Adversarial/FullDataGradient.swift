/// The gradient of the BPR loss over ALL training pairs, each with one fresh
/// rejection-sampled negative, with respect to P and Q (the seed's FGSM gradient):
/// ∂/∂(P,Q) [ Σ softplus(−clip(x_uij)) + reg · mean over the N × d elements of (p_u² + q_i² + q_j²) ].
///
/// The pairs are split into a fixed number of chunks of whole users (it depends on the data,
/// never on the thread count). Chunk c draws its negatives from `generator.derived(c)`,
/// writes the gradient rows of its own users directly, and sums item gradients into its own
/// buffer; the item buffers are then added in chunk order. So the result is bit-identical
/// for every thread count, and memory stays at most `maxChunks` item-gradient copies.
struct FullDataGradient {
    var user: [Float]
    var item: [Float]
    /// The loss at the evaluated parameters (with the sampled negatives).
    var loss: Double

    static let maxChunks = 8
    static let pairsPerChunk = 8192

    /// User boundaries of the chunks: chunk c covers users `bounds[c]..<bounds[c + 1]`.
    static func chunkBounds(_ matrix: InteractionMatrix) -> [Int] {
        let n = matrix.count
        let chunks = max(1, min(maxChunks, n / pairsPerChunk, matrix.userCount))
        var bounds = [0]
        var u = 0
        for c in 1..<chunks {
            let target = n * c / chunks
            while u < matrix.userCount && matrix.rowOffsets[u] < target { u += 1 }
            if u > bounds.last! { bounds.append(u) }
        }
        bounds.append(matrix.userCount)
        return bounds
    }

    /// Evaluates at rows `P + userOffset`, `Q + itemOffset` when offsets are given.
    static func compute(
        userFactors: UnsafePointer<Float>, itemFactors: UnsafePointer<Float>,
        userOffset: UnsafePointer<Float>? = nil, itemOffset: UnsafePointer<Float>? = nil,
        factors d: Int, training: InteractionMatrix, pairs: TrainingPairs, sampler: NegativeSampler,
        regularization reg: Float, generator: SeededGenerator, context: ComputeContext
    ) -> FullDataGradient {
        let userCount = training.userCount, itemCount = training.itemCount
        guard userCount > 0, itemCount > 0, d > 0 else {
            return FullDataGradient(user: [Float](repeating: 0, count: userCount * d), item: [Float](repeating: 0, count: itemCount * d), loss: 0)
        }
        if let userOffset, let itemOffset {
            // Perturb every row once (P + ΔP, Q + ΔQ), not once per pair: the same sums, far less work.
            let perturbedUsers = (0..<(userCount * d)).map { userFactors[$0] + userOffset[$0] }
            let perturbedItems = (0..<(itemCount * d)).map { itemFactors[$0] + itemOffset[$0] }
            return perturbedUsers.withUnsafeBufferPointer { pu in
                perturbedItems.withUnsafeBufferPointer { qi in
                    compute(
                        userFactors: pu.baseAddress!, itemFactors: qi.baseAddress!, factors: d, training: training, pairs: pairs,
                        sampler: sampler, regularization: reg, generator: generator, context: context)
                }
            }
        }
        let bounds = chunkBounds(training)
        let chunkCount = bounds.count - 1
        let n = pairs.count
        let regScale = n > 0 ? 2 * reg / Float(n * d) : 0

        var userGradient = [Float](repeating: 0, count: userCount * d)
        var itemBuffers = [Float](repeating: 0, count: chunkCount * itemCount * d)
        var chunkLosses = [Double](repeating: 0, count: chunkCount)
        // The chunks write disjoint memory: their own users' rows, their own item buffer, their own loss.
        let p = SendablePointer(userFactors), q = SendablePointer(itemFactors)
        userGradient.withUnsafeMutableBufferPointer { gu in
            itemBuffers.withUnsafeMutableBufferPointer { gi in
                chunkLosses.withUnsafeMutableBufferPointer { losses in
                    let gUser = SendableMutablePointer(gu.baseAddress!), gItems = SendableMutablePointer(gi.baseAddress!)
                    let lossOut = SendableMutableDoubles(losses.baseAddress!)
                    context.forEachChunk(chunkCount) { c in
                        var negatives = generator.derived(UInt64(c))
                        let gItem = gItems.base + c * itemCount * d
                        var loss = LossSum()
                        var regSum = 0.0
                        for u in bounds[c]..<bounds[c + 1] {
                            for k in training.rowOffsets[u]..<training.rowOffsets[u + 1] {
                                let i = Int(pairs.items[k])
                                let j = sampler.draw(for: u, using: &negatives)
                                let pu = p.base + u * d, qi = q.base + i * d, qj = q.base + j * d
                                let ru = gUser.base + u * d, ri = gItem + i * d, rj = gItem + j * d
                                RowKernels.accumulatePair(pu: pu, qi: qi, qj: qj, gu: ru, gi: ri, gj: rj, d: d, weight: 1, loss: &loss)
                                if reg > 0 {
                                    for f in 0..<d {
                                        regSum += Double(pu[f]) * Double(pu[f]) + Double(qi[f]) * Double(qi[f]) + Double(qj[f]) * Double(qj[f])
                                        ru[f] += regScale * pu[f]
                                        ri[f] += regScale * qi[f]
                                        rj[f] += regScale * qj[f]
                                    }
                                }
                            }
                        }
                        lossOut.base[c] = loss.total + (n > 0 ? Double(reg) * regSum / Double(n * d) : 0)
                    }
                }
            }
        }
        var itemGradient = [Float](repeating: 0, count: itemCount * d)
        itemGradient.withUnsafeMutableBufferPointer { out in
            itemBuffers.withUnsafeBufferPointer { buffers in
                for c in 0..<chunkCount {
                    let source = buffers.baseAddress! + c * itemCount * d
                    for k in 0..<(itemCount * d) { out[k] += source[k] }
                }
            }
        }
        return FullDataGradient(user: userGradient, item: itemGradient, loss: chunkLosses.reduce(0, +))
    }

    /// The same at a `FactorModel`'s parameters.
    static func compute(
        at model: FactorModel, training: InteractionMatrix, sampler: NegativeSampler,
        regularization: Float, generator: SeededGenerator, context: ComputeContext
    ) -> FullDataGradient {
        let pairs = TrainingPairs(training)
        return model.userFactors.storage.withUnsafeBufferPointer { p in
            model.itemFactors.storage.withUnsafeBufferPointer { q in
                compute(
                    userFactors: p.baseAddress!, itemFactors: q.baseAddress!, factors: model.factorCount,
                    training: training, pairs: pairs, sampler: sampler, regularization: regularization,
                    generator: generator, context: context)
            }
        }
    }
}

/// Raw pointers handed to parallel chunks; each chunk touches only memory it owns.
struct SendablePointer: @unchecked Sendable {
    let base: UnsafePointer<Float>
    init(_ base: UnsafePointer<Float>) { self.base = base }
}

struct SendableMutablePointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
}

struct SendableMutableDoubles: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}

/// The gradient of the BPR loss over ALL training pairs, each with one fresh
/// rejection-sampled negative, with respect to P and Q (the seed's FGSM gradient):
/// ∂/∂(P,Q) [ Σ softplus(−clip(x_uij)) + reg · mean over the N × d elements of (p_u² + q_i² + q_j²) ].
///
/// The pairs are split into a fixed number of chunks of whole users (it depends on the data,
/// never on the thread count). Chunk c draws its negatives from `generator.derived(c)` and
/// writes the gradient rows of its own users directly, recording each pair's negative and
/// loss slope; then every item row sums its terms in pair order (items split into ranges
/// among the threads). So the result is bit-identical for every thread count, and the extra
/// memory is 8 bytes per pair rather than a copy of the item gradient per chunk.
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
        guard userCount > 0, itemCount > 0, d > 0, pairs.count > 0 else {
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
        let regScale = 2 * reg / Float(n * d)

        // Pass 1, per chunk of whole users: each pair's negative and loss slope, and the user
        // rows (a chunk owns its users' rows, so it writes them in pair order).
        var userGradient = [Float](repeating: 0, count: userCount * d)
        var slopes = [Float](repeating: 0, count: n)
        var negativeItems = [Int32](repeating: 0, count: n)
        var chunkLosses = [Double](repeating: 0, count: chunkCount)
        let p = SharedReadOnlyRows(base: userFactors), q = SharedReadOnlyRows(base: itemFactors)
        userGradient.withUnsafeMutableBufferPointer { gu in
            slopes.withUnsafeMutableBufferPointer { slopeBuffer in
                negativeItems.withUnsafeMutableBufferPointer { negativeBuffer in
                    chunkLosses.withUnsafeMutableBufferPointer { losses in
                        let gUser = SharedRows(base: gu.baseAddress!)
                        let slopeOut = SharedRows(base: slopeBuffer.baseAddress!), negativeOut = SharedRows(base: negativeBuffer.baseAddress!)
                        let lossOut = SharedRows(base: losses.baseAddress!)
                        context.forEachChunk(chunkCount) { c in
                            var loss = LossSum()
                            var regSum = 0.0
                            forEachPair(inChunk: c, bounds, training, pairs, sampler, generator) { u, k, i, j in
                                let pu = p.base + u * d, ru = gUser.base + u * d
                                let qi = q.base + i * d, qj = q.base + j * d
                                let slope = loss.add(RowKernels.dotDifference(pu, qi, qj, d))
                                slopeOut.base[k] = slope
                                negativeOut.base[k] = Int32(j)
                                if slope != 0 { RowKernels.accumulateUserRow(slope: slope, qi: qi, qj: qj, gu: ru, d: d) }
                                if reg > 0 {
                                    addSquares(pu, qi, qj, d, to: &regSum)
                                    for f in 0..<d { ru[f] += regScale * pu[f] }
                                }
                            }
                            lossOut.base[c] = loss.total + Double(reg) * regSum / Double(n * d)
                        }
                    }
                }
            }
        }
        // Pass 2: the item rows, each summing its terms in pair order. Items are split into
        // ranges, one per thread; a row's terms come in the same order whatever the split, so
        // the result does not depend on the thread count (and no per-chunk copies are needed).
        var itemGradient = [Float](repeating: 0, count: itemCount * d)
        let ranges = max(1, min(context.threads, itemCount))
        itemGradient.withUnsafeMutableBufferPointer { gi in
            slopes.withUnsafeBufferPointer { slopeBuffer in
                negativeItems.withUnsafeBufferPointer { negativeBuffer in
                    let gItem = SharedRows(base: gi.baseAddress!)
                    let slopeIn = SharedReadOnlyRows(base: slopeBuffer.baseAddress!), negativeIn = SharedReadOnlyRows(base: negativeBuffer.baseAddress!)
                    context.forEachChunk(ranges) { r in
                        let first = itemCount * r / ranges, end = itemCount * (r + 1) / ranges
                        for u in 0..<userCount {
                            let pu = p.base + u * d
                            for k in training.rowOffsets[u]..<training.rowOffsets[u + 1] {
                                let i = Int(pairs.items[k]), j = Int(negativeIn.base[k])
                                let ownsI = i >= first && i < end, ownsJ = j >= first && j < end
                                guard ownsI || ownsJ else { continue }
                                let slope = slopeIn.base[k]
                                if slope != 0 {
                                    if ownsI { RowKernels.accumulatePositiveRow(slope: slope, pu: pu, gi: gItem.base + i * d, d: d) }
                                    if ownsJ { RowKernels.accumulateNegativeRow(slope: slope, pu: pu, gj: gItem.base + j * d, d: d) }
                                }
                                if reg > 0 {
                                    if ownsI { for f in 0..<d { gItem.base[i * d + f] += regScale * q.base[i * d + f] } }
                                    if ownsJ { for f in 0..<d { gItem.base[j * d + f] += regScale * q.base[j * d + f] } }
                                }
                            }
                        }
                    }
                }
            }
        }
        return FullDataGradient(user: userGradient, item: itemGradient, loss: chunkLosses.reduce(0, +))
    }

    /// The loss alone at a `FactorModel`'s parameters: the same chunks, the same negatives and
    /// the same sums as `compute(…).loss`, bit for bit, without the gradient's two passes of
    /// writes (an attack reports the loss after it perturbed, and needs no gradient there).
    static func loss(
        at model: FactorModel, training: InteractionMatrix, sampler: NegativeSampler,
        regularization reg: Float, generator: SeededGenerator, context: ComputeContext
    ) -> Double {
        let d = model.factorCount
        let pairs = TrainingPairs(training)
        guard training.userCount > 0, training.itemCount > 0, d > 0, pairs.count > 0 else { return 0 }
        let bounds = chunkBounds(training)
        let chunkCount = bounds.count - 1
        let n = pairs.count
        var chunkLosses = [Double](repeating: 0, count: chunkCount)
        model.userFactors.storage.withUnsafeBufferPointer { pBuffer in
            model.itemFactors.storage.withUnsafeBufferPointer { qBuffer in
                chunkLosses.withUnsafeMutableBufferPointer { losses in
                    let p = SharedReadOnlyRows(base: pBuffer.baseAddress!), q = SharedReadOnlyRows(base: qBuffer.baseAddress!)
                    let lossOut = SharedRows(base: losses.baseAddress!)
                    context.forEachChunk(chunkCount) { c in
                        var loss = LossSum()
                        var regSum = 0.0
                        forEachPair(inChunk: c, bounds, training, pairs, sampler, generator) { u, _, i, j in
                            let pu = p.base + u * d, qi = q.base + i * d, qj = q.base + j * d
                            _ = loss.add(RowKernels.dotDifference(pu, qi, qj, d))
                            if reg > 0 { addSquares(pu, qi, qj, d, to: &regSum) }
                        }
                        lossOut.base[c] = loss.total + Double(reg) * regSum / Double(n * d)
                    }
                }
            }
        }
        return chunkLosses.reduce(0, +)
    }

    /// Chunk c's pairs in order, each with its negative drawn from the chunk's own stream: the
    /// walk the gradient and the loss alone share, so both see the same negatives.
    /// `body(user, pair, positive, negative)`.
    @inline(__always)
    private static func forEachPair(
        inChunk c: Int, _ bounds: [Int], _ training: InteractionMatrix, _ pairs: TrainingPairs, _ sampler: NegativeSampler,
        _ generator: SeededGenerator, _ body: (Int, Int, Int, Int) -> Void
    ) {
        var negatives = generator.derived(UInt64(c))
        for u in bounds[c]..<bounds[c + 1] {
            for k in training.rowOffsets[u]..<training.rowOffsets[u + 1] {
                let i = Int(pairs.items[k])
                body(u, k, i, sampler.draw(for: u, using: &negatives))
            }
        }
    }

    /// regSum += Σ_f p_u² + q_i² + q_j², element by element in Double (one order for both passes).
    @inline(__always)
    private static func addSquares(
        _ pu: UnsafePointer<Float>, _ qi: UnsafePointer<Float>, _ qj: UnsafePointer<Float>, _ d: Int, to regSum: inout Double
    ) {
        for f in 0..<d { regSum += Double(pu[f]) * Double(pu[f]) + Double(qi[f]) * Double(qi[f]) + Double(qj[f]) * Double(qj[f]) }
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

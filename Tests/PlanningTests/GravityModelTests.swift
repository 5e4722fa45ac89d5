import Foundation
import Testing
import LinearAlgebra
@testable import Planning

@Suite("Gravity model")
struct GravityModelTests {
    @Test("flows reproduce a hand-worked 2 × 3 table")
    func handWorked() {
        // O = (100, 50); W = (1, 2, 1); power decay, β = 1.
        // Area 1: d = (1, 2, 4) → f = (1, 1/2, 1/4) → W·f = (1, 1, 1/4), sum 9/4
        //         → T = 100 · (4/9, 4/9, 1/9) = (400/9, 400/9, 100/9).
        // Area 2: d = (2, 1, 2) → f = (1/2, 1, 1/2) → W·f = (1/2, 2, 1/2), sum 3
        //         → T = 50 · (1/6, 2/3, 1/6) = (25/3, 100/3, 25/3).
        // Demand = (475/9, 700/9, 175/9), total 150.
        let model = GravityModel(decay: .power, beta: 1)
        let cost = Matrix([[1, 2, 4], [2, 1, 2]])
        let t = model.flows(origins: [100, 50], weights: [1, 2, 1], cost: cost)
        let expected: [[Double]] = [[400.0 / 9, 400.0 / 9, 100.0 / 9], [25.0 / 3, 100.0 / 3, 25.0 / 3]]
        for i in 0..<2 { for j in 0..<3 { #expect(abs(t[i, j] - expected[i][j]) < 1e-12) } }
        let d = model.demand(origins: [100, 50], weights: [1, 2, 1], cost: cost)
        for (j, v) in [475.0 / 9, 700.0 / 9, 175.0 / 9].enumerated() { #expect(abs(d[j] - v) < 1e-12) }

        // Exponential decay with β = ln 2 is f(d) = 2^−d: area 1 gets (1/2, 2·1/4, 1/16) = (8, 8, 1)/16,
        // so T = 100 · (8, 8, 1)/17.
        let e = GravityModel(decay: .exponential, beta: log(2)).flows(origins: [100, 50], weights: [1, 2, 1], cost: cost)
        #expect(abs(e[0, 0] - 800.0 / 17) < 1e-9 && abs(e[0, 2] - 100.0 / 17) < 1e-9)
    }

    /// A 20 × 7 problem with costs 0.5–10.5 and weights 0.5–2 from a fixed formula.
    static func problem() -> (origins: [Double], weights: [Double], cost: Matrix) {
        let origins = (0..<20).map { 10 + Double(($0 * 37) % 50) }
        let weights = (0..<7).map { 0.5 + Double(($0 * 3) % 7) / 4 }
        var cost = Matrix(rows: 20, columns: 7)
        for i in 0..<20 { for j in 0..<7 { cost[i, j] = 0.5 + Double((i * 13 + j * 29) % 101) / 10 } }
        return (origins, weights, cost)
    }

    @Test("every area's flows sum to its pupils", arguments: [DistanceDecay.power, .exponential])
    func originConstrained(decay: DistanceDecay) {
        let (origins, weights, cost) = Self.problem()
        let t = GravityModel(decay: decay, beta: 1.3).flows(origins: origins, weights: weights, cost: cost)
        for i in 0..<20 {
            let sum = (0..<7).reduce(0.0) { $0 + t[i, $1] }
            #expect(abs(sum - origins[i]) < 1e-9)
        }
    }

    @Test("β fitted to flows generated with it is recovered", arguments: [(DistanceDecay.power, 1.7), (.exponential, 0.35)])
    func fitRecovers(decay: DistanceDecay, beta: Double) {
        let (origins, weights, cost) = Self.problem()
        let flows = GravityModel(decay: decay, beta: beta).flows(origins: origins, weights: weights, cost: cost)
        let fromFlows = GravityModel.fitBeta(decay: decay, origins: origins, weights: weights, cost: cost, observed: .flows(flows))
        #expect(abs(fromFlows - beta) < 1e-5)
        // Only the schools' totals observed: the destination margins still pin β down here.
        let totals = (0..<7).map { j in (0..<20).reduce(0.0) { $0 + flows[$1, j] } }
        let fromTotals = GravityModel.fitBeta(decay: decay, origins: origins, weights: weights, cost: cost,
                                              observed: .destinations(totals))
        #expect(abs(fromTotals - beta) < 1e-4)
    }
}

import Testing
import FairPlacesCore

@Suite struct PhiloxTests {
    /// Known-answer vectors of Philox4x32-10 from Random123 (kat_vectors: philox4x32 10 rounds).
    @Test(arguments: [
        (SIMD4<UInt32>(0, 0, 0, 0), SIMD2<UInt32>(0, 0),
         SIMD4<UInt32>(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)),
        (SIMD4<UInt32>(0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), SIMD2<UInt32>(0xffff_ffff, 0xffff_ffff),
         SIMD4<UInt32>(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)),
        (SIMD4<UInt32>(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), SIMD2<UInt32>(0xa409_3822, 0x299f_31d0),
         SIMD4<UInt32>(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)),
    ])
    func knownAnswers(counter: SIMD4<UInt32>, key: SIMD2<UInt32>, expected: SIMD4<UInt32>) {
        #expect(Philox4x32.block(counter, key: key) == expected)
    }

    /// A change in any counter or key word changes the whole block (a keyed bijection: distinct
    /// counters can never give equal blocks under one key).
    @Test func everyWordMatters() {
        let base = Philox4x32.block(SIMD4(1, 2, 3, 4), key: SIMD2(5, 6))
        for w in 0..<4 {
            var c = SIMD4<UInt32>(1, 2, 3, 4)
            c[w] &+= 1
            let other = Philox4x32.block(c, key: SIMD2(5, 6))
            for j in 0..<4 { #expect(other[j] != base[j], "counter word \(w) → output word \(j)") }
        }
        for w in 0..<2 {
            var k = SIMD2<UInt32>(5, 6)
            k[w] &+= 1
            let other = Philox4x32.block(SIMD4(1, 2, 3, 4), key: k)
            for j in 0..<4 { #expect(other[j] != base[j], "key word \(w) → output word \(j)") }
        }
    }
}

@Suite struct RandomStreamTests {
    @Test func sameAddressGivesSameValueInAnyOrder() {
        let a = RandomStream(seed: 0xDEAD_BEEF_1234, replication: 7, purpose: .lottery)
        let b = RandomStream(seed: 0xDEAD_BEEF_1234, replication: 7, purpose: .lottery)
        var forward: [UInt64] = []
        for e in 0..<40 { for d in 0..<5 { forward.append(a.word(entity: e, draw: d)) } }
        var backward: [UInt64] = []
        for e in (0..<40).reversed() { for d in (0..<5).reversed() { backward.append(b.word(entity: e, draw: d)) } }
        #expect(forward == backward.reversed())
        for e in 0..<40 {
            #expect(a.uniformPair(entity: e, draw: 3) == b.uniformPair(entity: e, draw: 3))
            #expect(a.normal(entity: e, draw: 1) == b.normal(entity: e, draw: 1))
            #expect(a.uniform(entity: e, draw: 2) == a.uniformPair(entity: e, draw: 2).0)
            #expect(a.normal(entity: e, draw: 2) == a.normalPair(entity: e, draw: 2).0)
        }
    }

    /// Words from two streams at the same 200 addresses: all different (a chance collision has
    /// probability about 200 · 2⁻⁶⁴).
    private func allDiffer(_ a: RandomStream, _ b: RandomStream) -> Bool {
        for e in 0..<40 { for d in 0..<5 where a.word(entity: e, draw: d) == b.word(entity: e, draw: d) { return false } }
        return true
    }

    @Test func purposeReplicationAndSeedEachChangeTheStream() {
        let base = RandomStream(seed: 99, replication: 3, purpose: .lottery)
        for purpose in RandomPurpose.allCases where purpose != .lottery {
            #expect(allDiffer(base, RandomStream(seed: 99, replication: 3, purpose: purpose)), "purpose \(purpose)")
        }
        #expect(allDiffer(base, RandomStream(seed: 99, replication: 4, purpose: .lottery)))
        #expect(allDiffer(base, RandomStream(seed: 100, replication: 3, purpose: .lottery)))
        // The high half of the seed matters too.
        #expect(allDiffer(base, RandomStream(seed: 99 | (1 << 40), replication: 3, purpose: .lottery)))
        // Entity and draw are separate coordinates: (e, d) and (d, e) differ.
        #expect(base.word(entity: 1, draw: 2) != base.word(entity: 2, draw: 1))
    }

    /// The stream is the Philox block of (entity, draw, replication, purpose) under the seed's two
    /// halves: the addressing that makes results independent of thread count and evaluation order.
    @Test func bitsAreThePhiloxBlockOfTheAddress() {
        let seed: UInt64 = 0x0123_4567_89AB_CDEF
        let s = RandomStream(seed: seed, replication: 11, purpose: .selectionTest)
        let key = SIMD2<UInt32>(0x89AB_CDEF, 0x0123_4567)
        for (e, d) in [(0, 0), (5, 9), (123_456, 3)] {
            let block = Philox4x32.block(SIMD4(UInt32(e), UInt32(d), 11, RandomPurpose.selectionTest.rawValue), key: key)
            #expect(s.bits(entity: UInt32(e), draw: UInt32(d)) == block)
            #expect(s.word(entity: e, draw: d) == UInt64(block[0]) << 32 | UInt64(block[1]))
        }
    }

    /// 100,000 uniforms: all strictly inside (0, 1); mean 1/2 within 5 standard errors
    /// (SE = √(1/12 / N)); variance 1/12 within 5 SE (Var of (U − ½)² is 1/80 − 1/144 = 1/180, so
    /// SE = √(1/180 / N)); each tenth of the interval holds 10% ± 5 SE; the two halves of a pair are
    /// uncorrelated (|r| < 5/√(N/2)).
    @Test func uniformsAreUniform() {
        let s = RandomStream(seed: 2024, replication: 0, purpose: .region)
        var values: [Double] = []
        var firsts: [Double] = [], seconds: [Double] = []
        for e in 0..<50_000 {
            let (u, v) = s.uniformPair(entity: e, draw: 0)
            values.append(u); values.append(v)
            firsts.append(u); seconds.append(v)
        }
        let n = Double(values.count)
        #expect(values.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(abs(mean(values) - 0.5) < 5 * (1.0 / 12 / n).squareRoot())
        #expect(abs(variance(values) - 1.0 / 12) < 5 * (1.0 / 180 / n).squareRoot())
        var bins = [Int](repeating: 0, count: 10)
        for u in values { bins[min(9, Int(u * 10))] += 1 }
        let binSE = (n * 0.1 * 0.9).squareRoot()
        for (k, count) in bins.enumerated() {
            #expect(abs(Double(count) - n / 10) < 5 * binSE, "bin \(k) holds \(count)")
        }
        let mu = mean(firsts), mv = mean(seconds)
        var cov = 0.0
        for k in firsts.indices { cov += (firsts[k] - mu) * (seconds[k] - mv) }
        let r = cov / Double(firsts.count - 1) / (variance(firsts) * variance(seconds)).squareRoot()
        #expect(abs(r) < 5 / Double(firsts.count).squareRoot())
    }

    /// 100,000 normals: mean 0 within 5 SE (1/√N), SD 1 within 5 SE (≈ 1/√(2N)), 95% inside ±1.96
    /// within 5 SE (√(0.95·0.05/N)).
    @Test func normalsAreStandardNormal() {
        let s = RandomStream(seed: 77, replication: 2, purpose: .selectionTest)
        var values: [Double] = []
        for e in 0..<50_000 {
            let (a, b) = s.normalPair(entity: e, draw: 4)
            values.append(a); values.append(b)
        }
        let n = Double(values.count)
        #expect(values.allSatisfy { $0.isFinite })
        #expect(abs(mean(values)) < 5 / n.squareRoot())
        #expect(abs(variance(values).squareRoot() - 1) < 5 / (2 * n).squareRoot())
        let inside = Double(values.filter { abs($0) < 1.959963985 }.count) / n
        #expect(abs(inside - 0.95) < 5 * (0.95 * 0.05 / n).squareRoot())
    }

    /// Lottery words: the top bit is set half the time (5 SE), and 50,000 words are all distinct.
    @Test func wordsLookUniform() {
        let s = RandomStream(seed: 5, replication: 1, purpose: .lottery)
        let words = (0..<50_000).map { s.word(entity: $0, draw: 0) }
        #expect(Set(words).count == words.count)
        let high = Double(words.filter { $0 >> 63 == 1 }.count) / Double(words.count)
        #expect(abs(high - 0.5) < 5 * (0.25 / Double(words.count)).squareRoot())
    }
}

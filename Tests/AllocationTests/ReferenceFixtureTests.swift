import Foundation
import Testing
@testable import Allocation
import FairPlacesCore

/// Instances and results from independent implementations, produced once by
/// `Fixtures/generate_mechanisms.py`: deferred acceptance by the `matching` package
/// (HospitalResident, resident-optimal), Boston and serial dictatorship by `matching-algorithms`,
/// each also checked there against a plain re-implementation.
struct ReferenceInstance: Decodable {
    var name: String
    var pupils: Int
    var schools: Int
    var capacity: [Int]
    var preferences: [[Int]]
    var priority: [[Int]]
    var global_order: [Int]
    var deferred_acceptance: [Int]
    var boston: [Int]
    var serial_dictatorship: [Int]
    var deferred_acceptance_global_order: [Int]

    /// The instance as FairPlaces sees it, with each school's priority order (or `order` for all schools).
    func instance(order: [[Int]]? = nil) -> Instance {
        let orders = order ?? priority
        let position = orders.map { list in Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) }) }
        let length = max(1, preferences.map(\.count).max() ?? 1)
        let keys = preferences.enumerated().map { i, list in
            list.map { s in PriorityKey(tier: 0, score: 0, lottery: UInt64(position[s][i]!), pupil: UInt32(i)) }
        }
        return Instance(schools: schools, length: length, lists: preferences, keys: keys, capacity: capacity,
                        participates: [Bool](repeating: true, count: pupils))
    }
}

struct ReferenceFixture: Decodable {
    var instances: [ReferenceInstance]

    static func load() throws -> ReferenceFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mechanisms.json")
        return try JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }
}

struct ReferenceFixtureTests {
    static let fixture = try! ReferenceFixture.load()

    @Test func fixtureHasTheAgreedInstances() {
        #expect(Self.fixture.instances.count >= 13)
        #expect(Self.fixture.instances.filter { $0.pupils >= 150 }.count >= 10)
    }

    @Test(arguments: fixture.instances.map(\.name))
    func agreesWithIndependentImplementations(name: String) throws {
        let ref = try #require(Self.fixture.instances.first { $0.name == name })
        let problem = ref.instance().problem
        #expect(DeferredAcceptance().match(problem).school.map(Int.init) == ref.deferred_acceptance)
        #expect(Boston().match(problem).school.map(Int.init) == ref.boston)
        let common = [[Int]](repeating: ref.global_order, count: ref.schools)
        #expect(SerialDictatorship(turns: ref.global_order).match(ref.instance(order: common).problem).school.map(Int.init)
                == ref.serial_dictatorship)
        #expect(DeferredAcceptance().match(ref.instance(order: common).problem).school.map(Int.init)
                == ref.deferred_acceptance_global_order)
    }
}

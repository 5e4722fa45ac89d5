// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "FairPlaces",
    products: [
        .executable(name: "fairplaces", targets: ["fairplaces"]),
        .library(name: "FairPlacesCore", targets: ["FairPlacesCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS interface (Debian: libopenblas-dev).
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // PROJ's C API (Debian: libproj-dev): coordinate transformations for catchment maps.
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]
        ),
        // glibc's malloc.h (mallopt): the command line tunes the allocator at start-up.
        .systemLibrary(name: "CMalloc"),
        // WGS 84 longitude/latitude → British National Grid through PROJ, one pinned operation.
        .target(name: "Projection", dependencies: ["CPROJ"]),
        // Typed dense linear algebra over CBLAS.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS"]),
        // The domain: pupils, schools, admission arrangements, preferences, random streams,
        // synthetic regions. Knows nothing of files, YAML or terminals.
        .target(name: "FairPlacesCore", dependencies: ["LinearAlgebra"]),
        // A cache prefetch hint (C: Swift has none), for deferred acceptance's memory-bound loop.
        .target(name: "CPrefetch"),
        // Allocation mechanisms (deferred acceptance, administrative allocation of the unplaced).
        .target(name: "Allocation", dependencies: ["FairPlacesCore", "CPrefetch"]),
        // Metrics of one allocation, and summaries across replications.
        .target(name: "Metrics", dependencies: ["FairPlacesCore", "Allocation", "LinearAlgebra"]),
        // Runs replications of a scenario in parallel, deterministically.
        // The schools funding formula (issue #5): budgets of each school's intake, recorded as metrics.
        .target(name: "Funding", dependencies: ["FairPlacesCore", "Allocation", "Metrics"]),
        .target(name: "Simulation", dependencies: ["FairPlacesCore", "Allocation", "Metrics", "Funding"]),
        // Calibration (issue #13): attractiveness by contraction, global parameters by simulated
        // method of moments, validation out of fold.
        .target(name: "Calibration", dependencies: ["FairPlacesCore", "Allocation", "Simulation"]),
        // Place planning (issue #9): cohort forecasts, gravity demand, timelines, multi-year runs.
        .target(name: "Planning", dependencies: ["FairPlacesCore", "LinearAlgebra", "Allocation", "Metrics", "Simulation"]),
        // Scenario files (YAML) and CSV inputs → core types, with file:line:field errors.
        .target(name: "ScenarioLoading", dependencies: [
            "FairPlacesCore", "Metrics", "Simulation", "Funding", "Planning", "Projection", "Sweeps", "Calibration",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Paired comparisons of policies on common random numbers (issue #7).
        .target(name: "Comparison", dependencies: ["FairPlacesCore", "Allocation", "Metrics", "Simulation"]),
        // Batches of runs in parallel, each run's figures handed to one writer (issue #7).
        .target(name: "Sweeps", dependencies: ["FairPlacesCore", "Metrics", "Simulation"]),
        // The SQLite results store of sweeps (GRDB): tidy tables, resume, shards, merge, CSV export.
        .target(name: "ResultsStore", dependencies: [
            "Sweeps", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Output files (CSV, JSON) and the terminal summary.
        .target(name: "Reports", dependencies: ["FairPlacesCore", "Allocation", "Metrics", "Simulation", "Funding", "Planning", "Comparison", "Calibration"]),
        // The self-contained HTML report (issue #8), drawn from a run's output files only.
        .target(name: "HTMLReport"),
        .executableTarget(name: "fairplaces", dependencies: [
            "FairPlacesCore", "Simulation", "ScenarioLoading", "Reports", "Planning", "HTMLReport",
            "Comparison", "Sweeps", "ResultsStore", "Calibration", "CMalloc", "LinearAlgebra",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "fairplaces-bench", dependencies: [
            "FairPlacesCore", "Allocation", "Metrics", "Simulation", "LinearAlgebra", "Funding", "ScenarioLoading", "Reports",
            "Sweeps", "ResultsStore",
        ]),
        // A random generator for building test instances, shared by every test target.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["TestSupport", 
            "LinearAlgebra", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "FairPlacesCoreTests", dependencies: ["TestSupport", "FairPlacesCore"]),
        .testTarget(name: "AllocationTests", dependencies: ["TestSupport", 
            "Allocation", "FairPlacesCore", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "MetricsTests", dependencies: ["TestSupport", "Metrics", "Allocation", "FairPlacesCore"], exclude: ["Fixtures"]),
        .testTarget(name: "ScenarioLoadingTests", dependencies: ["ScenarioLoading", "FairPlacesCore", "Simulation", "Allocation", "Projection", "Calibration"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", 
            "ScenarioLoading", "Simulation", "Reports", "FairPlacesCore", "Metrics", "Allocation",
        ]),
        .testTarget(name: "PlanningTests", dependencies: [
            "Planning", "ScenarioLoading", "Simulation", "Reports", "FairPlacesCore", "LinearAlgebra", "Metrics",
        ]),
        .testTarget(name: "HTMLReportTests", dependencies: ["TestSupport", 
            "HTMLReport", "Reports", "ScenarioLoading", "Simulation", "Metrics", "FairPlacesCore", "Allocation",
        ]),
        .testTarget(name: "FundingTests", dependencies: ["TestSupport", 
            "Funding", "ScenarioLoading", "Simulation", "Reports", "Metrics", "Allocation", "FairPlacesCore",
        ]),
        .testTarget(name: "ComparisonTests", dependencies: ["TestSupport", 
            "Comparison", "Reports", "ScenarioLoading", "Simulation", "Metrics", "Allocation", "FairPlacesCore",
        ]),
        .testTarget(name: "CalibrationTests", dependencies: ["TestSupport",
            "Calibration", "Simulation", "ScenarioLoading", "FairPlacesCore", "Allocation",
        ]),
        .testTarget(name: "SweepTests", dependencies: ["TestSupport", 
            "Sweeps", "ResultsStore", "ScenarioLoading", "Simulation", "Metrics", "FairPlacesCore",
            // To write a database in the format of earlier versions, and to damage one on purpose.
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)

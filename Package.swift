// swift-tools-version: 6.0
import PackageDescription

// Targets, and what each may import (see docs/architecture.md):
// - ClusterCollabCore, ClusterCollabSearch, ClusterCollabMatching, ClusterCollabCalls: pure. Foundation only; no web framework, no database driver.
// - ClusterCollabStorage: SQLKit over SQLiteKit and PostgresKit; numbered migrations.
// - ClusterCollabMail: e-mail messages and a small SMTP client on SwiftNIO and NIOSSL (no SMTP package exists
//   in the mirror).
// - ClusterCollabWeb: Hummingbird 2, Mustache views (rendered by ClusterCollabText), the JSON API; `buildApplication` is its composition root.
// - clustercollab: the command line (serve, migrate, demo, import, export, backup, bench).
let package = Package(
    name: "ClusterCollab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clustercollab", targets: ["clustercollab"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        // Already in the graph through sqlite-kit/postgres-kit and hummingbird: named so that every module a
        // target imports is declared.
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .target(name: "ClusterCollabText"),
        .target(
            name: "ClusterCollabCore",
            dependencies: ["ClusterCollabText"],
            resources: [.copy("Resources/reference"), .copy("Resources/messages"), .copy("Resources/demo"), .copy("Resources/locales")]
        ),
        .target(
            name: "ClusterCollabSearch",
            dependencies: ["ClusterCollabCore"]
        ),
        // Partner searches, the matching engine and the exact consortium builder.
        .target(
            name: "ClusterCollabMatching",
            dependencies: ["ClusterCollabText", "ClusterCollabCore"]
        ),
        // Calls for interest: the call, eligibility rules as data and their evaluation, application
        // answers, receipts.
        .target(
            name: "ClusterCollabCalls",
            dependencies: ["ClusterCollabText", "ClusterCollabCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // News, events, documents and funding opportunities: entities and decisions, no I/O. Funding
        // opportunities read their instants as calls do (Calls' `CallTime`) and fit organisations by the
        // matching engine's competences (Matching's `Competence` and `MatchingIndex.covers`).
        .target(
            name: "ClusterCollabContent",
            dependencies: ["ClusterCollabText", "ClusterCollabCore", "ClusterCollabMatching"]
        ),
        .target(
            name: "ClusterCollabStorage",
            dependencies: [
                "ClusterCollabText",
                "ClusterCollabCore",
                "ClusterCollabMatching",
                "ClusterCollabCalls",
                "ClusterCollabContent",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ClusterCollabMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ClusterCollabWeb",
            dependencies: [
                "ClusterCollabText",
                "ClusterCollabCore",
                "ClusterCollabSearch",
                "ClusterCollabMatching",
                "ClusterCollabCalls",
                "ClusterCollabContent",
                "ClusterCollabStorage",
                "ClusterCollabMail",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/public"), .copy("Resources/openapi")]
        ),
        .executableTarget(
            name: "clustercollab",
            dependencies: [
                "ClusterCollabCore",
                "ClusterCollabSearch",
                "ClusterCollabMatching",
                "ClusterCollabCalls",
                "ClusterCollabContent",
                "ClusterCollabStorage",
                "ClusterCollabWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ClusterCollabTextTests", dependencies: ["ClusterCollabText"]),
        .testTarget(name: "ClusterCollabCoreTests", dependencies: ["ClusterCollabText", "ClusterCollabCore"]),
        .testTarget(name: "ClusterCollabSearchTests", dependencies: ["ClusterCollabCore", "ClusterCollabSearch"]),
        .testTarget(name: "ClusterCollabMatchingTests", dependencies: ["ClusterCollabCore", "ClusterCollabMatching"]),
        .testTarget(name: "ClusterCollabCallsTests", dependencies: ["ClusterCollabCore", "ClusterCollabCalls"]),
        .testTarget(
            name: "ClusterCollabContentTests",
            dependencies: ["ClusterCollabText", "ClusterCollabCore", "ClusterCollabMatching", "ClusterCollabContent"]),
        .testTarget(
            name: "ClusterCollabStorageTests",
            dependencies: [
                "ClusterCollabCore", "ClusterCollabStorage", "ClusterCollabCalls", "ClusterCollabMatching", "ClusterCollabContent",
                .product(name: "SQLKit", package: "sql-kit"),
            ]),
        // A loopback SMTP server shared by the mail and web tests.
        .target(
            name: "ClusterCollabTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "ClusterCollabMailTests",
            dependencies: [
                "ClusterCollabMail", "ClusterCollabTestSupport", .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .testTarget(
            name: "ClusterCollabWebTests",
            dependencies: [
                "ClusterCollabCore", "ClusterCollabSearch", "ClusterCollabMatching", "ClusterCollabCalls", "ClusterCollabContent", "ClusterCollabStorage",
                "ClusterCollabMail",
                "ClusterCollabWeb",
                "ClusterCollabTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Drives the built executable; the storage library prepares databases for it (the crash test) and
        // reads the outbox (the browser journeys); the two-instance test sends both servers' e-mail to the
        // loopback SMTP server.
        .testTarget(
            name: "clustercollabTests",
            dependencies: [
                "clustercollab", "ClusterCollabCore", "ClusterCollabMatching", "ClusterCollabCalls", "ClusterCollabContent", "ClusterCollabWeb",
                "ClusterCollabStorage", "ClusterCollabTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
    ]
)

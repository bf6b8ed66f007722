// swift-tools-version:6.0
// lelu-console: a terminal approval console for the Lelu authorization engine.
import PackageDescription

let package = Package(
    name: "lelu-console",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lelu-console", targets: ["LeluConsole"]),
        .executable(name: "lelu-local-engine", targets: ["LocalEngineMain"]),
        .executable(name: "lelu-bench", targets: ["LeluBench"]),
    ],
    dependencies: [
        // Command lines and logging.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Theme and configuration files (TOML).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // The console's HTTP client (streaming body cap, connect timeout, connection reuse).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        // The local Lelu-compatible engine.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // MARK: - Model: domain, state, reducers, screens and rendering (no terminal, network or files)
        .target(name: "ReviewModel"),

        // MARK: - The engine client: HTTP, wire format, connection settings, discovery
        .target(
            name: "LeluClient",
            dependencies: [
                "ReviewModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: - Configuration and themes from files (TOML)
        .target(
            name: "ConsoleConfig",
            dependencies: [
                "ReviewModel",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),

        // MARK: - Terminal boundary
        .target(
            name: "CNcursesw",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),

        // MARK: - The console loop: runner, terminal protocol, journal file (no curses)
        .target(
            name: "ConsoleRuntime",
            dependencies: [
                "ReviewModel",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Local engine (demo and tests)
        .target(
            name: "LocalEngine",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "LocalEngineMain",
            dependencies: [
                "LocalEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - The console executable
        .executableTarget(
            name: "LeluConsole",
            dependencies: [
                "ReviewModel",
                "LeluClient",
                "ConsoleConfig",
                "ConsoleRuntime",
                "LocalEngine",
                "CNcursesw",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Benchmarks (swift run -c release lelu-bench)
        .executableTarget(
            name: "LeluBench",
            dependencies: [
                "ReviewModel",
                "LeluClient",
                // The shipped runner, driven headless.
                "ConsoleRuntime",
                .product(name: "Logging", package: "swift-log"),
                "LocalEngine",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // MARK: - Tests
        // Helpers, fixtures, seeded generators and the fakes (terminal, engine client) every test target shares.
        .target(
            name: "TestSupport",
            // The fake terminal implements ConsoleRuntime's `TerminalScreen`.
            dependencies: ["ReviewModel", "ConsoleRuntime"],
            path: "Tests/TestSupport",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReviewModelTests",
            dependencies: ["ReviewModel", "TestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "LeluClientTests",
            dependencies: ["ReviewModel", "LeluClient", "TestSupport"]
        ),
        .testTarget(
            name: "ConsoleConfigTests",
            dependencies: ["ReviewModel", "ConsoleConfig", "LeluClient", "TestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "LocalEngineTests",
            dependencies: [
                "LocalEngine",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "ConsoleRuntimeTests",
            dependencies: ["ConsoleRuntime", "ReviewModel", "TestSupport"]
        ),
        .testTarget(
            name: "LeluConsoleTests",
            dependencies: ["LeluConsole", "ConsoleRuntime", "CNcursesw", "ConsoleConfig", "LeluClient", "TestSupport"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ReviewModel",
                "LeluClient",
                "TestSupport",
                // The runner, driven headless for the fault tests.
                "ConsoleRuntime",
                "LeluConsole",
                "LocalEngine",
                // Loopback test servers (a path-prefix proxy, an oversized responder).
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

import Foundation
import Testing

/// The code keeps the house format: `swift format lint --strict` with the package's `.swift-format` (the
/// toolchain ships swift-format). `swift format --in-place -r Sources Tests Package.swift` fixes what it
/// reports.
@Suite struct FormattingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theSourcesPassSwiftFormatLint() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "format", "lint", "--strict", "-r", "Sources", "Tests", "Package.swift"]
        process.currentDirectoryURL = Self.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let report = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "swift format lint: \(report.split(separator: "\n").prefix(20).joined(separator: "\n"))")
    }
}

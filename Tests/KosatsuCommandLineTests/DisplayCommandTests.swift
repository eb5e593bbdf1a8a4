import Foundation
import Testing

/// `kosatsu outputs`, `show` and `compare` where there is no display: every failure is one clear
/// line and exit status 1, and nothing is touched before the options are checked. (Real cards are
/// tested under QEMU: scripts/qemu/test.py.)
extension CommandLineTests {
    /// A card path that exists nowhere, so the tests act the same on a machine with a GPU.
    static let missingCard = "/nonexistent/dri/card0"

    @Test func outputsReportsACardItCannotOpen() async throws {
        let result = try await run(["outputs", "--json", "--card", Self.missingCard])
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let cards = json?["cards"] as? [[String: Any]]
        #expect(cards?.first?["path"] as? String == Self.missingCard)
        #expect((cards?.first?["error"] as? String)?.contains("ENOENT") == true, "\(result.stdout)")
        #expect(result.stderr.contains("no card could be read"), "\(result.stderr)")
    }

    @Test func showWithoutACardIsAClearError() async throws {
        let result = try await run([
            "show", "Layouts/congestion-board.yaml", "--card", Self.missingCard, "--seconds", "1",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no card at \(Self.missingCard)"), "\(result.stderr)")
        #expect(!result.stdout.contains("kosatsu: showing"))
    }

    @Test func showChecksItsOptionsBeforeTouchingTheDisplay() async throws {
        let cases: [([String], String)] = [
            (["--rotate", "45"], "--rotate takes 0, 90, 180 or 270, not 45"),
            (["--mode", "big"], "--mode: mode 'big' is not WIDTHxHEIGHT[@HZ]"),
            (["--at", "noon"], "--at: expected an ISO 8601 date-time"),
            (["--page", "3"], "has pages 1–1, not 3"),
            (["--then-at", "later"], "--at: expected an ISO 8601 date-time"),
            (["--fonts", "/nonexistent/fonts"], "--fonts: /nonexistent/fonts is not a directory"),
        ]
        for (options, message) in cases {
            let result = try await run(["show", "Layouts/congestion-board.yaml", "--card", Self.missingCard] + options)
            #expect(result.status != 0, "\(options)")
            #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
            #expect(!result.stderr.contains("no card at"), "\(options) reached the display: \(result.stderr)")
        }
        let missing = try await run(["show", "/nonexistent/layout.yaml", "--card", Self.missingCard])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/layout.yaml"), "\(missing.stderr)")
    }

    @Test func compareMatchesARenderAndFindsAChange() async throws {
        let first = temporaryPath("first.png")
        let same = temporaryPath("same.png")
        let later = temporaryPath("later.png")
        let diff = temporaryPath("diff.png")
        let options = ["--data", "Layouts/samples/odawara.json", "--size", "960x540"]
        #expect(
            try await run(
                ["render", "Layouts/congestion-board.yaml", "-o", first, "--at", "2026-11-23T14:05:00+09:00"] + options
            ).status == 0)
        #expect(
            try await run(
                ["render", "Layouts/congestion-board.yaml", "-o", same, "--at", "2026-11-23T14:05:00+09:00"] + options
            ).status == 0)
        #expect(
            try await run(
                ["render", "Layouts/congestion-board.yaml", "-o", later, "--at", "2026-11-23T14:06:00+09:00"] + options
            ).status == 0)

        let match = try await run(["compare", first, same])
        #expect(match.status == 0, "\(match.stderr)")
        #expect(match.stdout.contains("matches"))

        let change = try await run(["compare", first, later, "--diff", diff])
        #expect(change.status == 1)
        #expect(change.stderr.contains("pixels beyond tolerance 8"), "\(change.stderr)")
        #expect(FileManager.default.fileExists(atPath: diff))

        let turned = try await run(["compare", first, same, "--scanout-rotation", "90"])
        #expect(turned.status == 1)
        #expect(turned.stderr.contains("is 540x960"), "\(turned.stderr)")
    }
}

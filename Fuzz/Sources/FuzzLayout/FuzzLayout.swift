import CFuzzDriver
import Foundation
import KosatsuLayout

/// One input: a layout file's bytes. Errors are fine; a crash, a trap or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayout(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? LayoutLoader.parse(text, file: "/fuzz/layout.yaml")
    return 0
}

/// The entry point SwiftPM links as `main` in a debug build: hands over to libFuzzer's driver.
@_cdecl("FuzzLayout_main")
public func fuzzLayoutMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzLayout(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return fuzzLayout(UnsafeRawPointer(data), size)
    }
}

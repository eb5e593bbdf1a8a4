import Foundation

/// Writes text to a standard stream without buffering surprises.
struct FileHandleOutput {
    let handle: FileHandle

    static let standardError = FileHandleOutput(handle: .standardError)
    static let standardOutput = FileHandleOutput(handle: .standardOutput)

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}

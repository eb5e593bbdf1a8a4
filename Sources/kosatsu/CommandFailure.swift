import ArgumentParser

/// A failure the user can act on: the message goes to stderr, the exit status is 1, no stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

/// Prints `message` to standard error and exits with 1, as every kosatsu command does on bad input.
func fail(_ message: String) -> ExitCode {
    FileHandleOutput.standardError.write(message + "\n")
    return .failure
}

public import Foundation

/// Reads the files a person hands Kosatsu (layouts, snapshots, configs, alerts) with a size cap
/// and a check of the text encoding, so that a 100 MB file, `/dev/zero` or a Shift_JIS file
/// is a one-line error naming the file instead of a hang, a crash or mojibake.
public enum InputFile {
    /// The largest file read: layouts, snapshots, configs and alert messages are kilobytes.
    public static let defaultLimit = 16 << 20

    /// The bytes of the file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int = defaultLimit) throws(InputFileError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputFileError(file: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw InputFileError(file: path, message: "is a directory; expected a file")
        }
        if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit {
            throw tooLarge(path, size: Int(info.st_size), limit: limit)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputFileError(file: path, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { try? handle.close() }
        // Read at most limit + 1 bytes: a pipe or device (no size to stat) is cut off too.
        var data = Data()
        do {
            while data.count <= limit {
                guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty
                else { break }
                data.append(chunk)
            }
        } catch {
            throw InputFileError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        if data.count > limit { throw tooLarge(path, size: nil, limit: limit) }
        return data
    }

    /// The file at `path` as UTF-8 text, at most `limit` bytes.
    public static func text(_ path: String, limit: Int = defaultLimit) throws(InputFileError) -> String {
        try text(of: read(path, limit: limit), file: path)
    }

    /// `data` as UTF-8 text, or an error that says which encoding it looks like and where it breaks.
    public static func text(of data: Data, file: String) throws(InputFileError) -> String {
        if let problem = encodingProblem(in: data) {
            throw InputFileError(file: file, line: problem.line, column: problem.column, message: problem.message)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Why `data` is not UTF-8 text (with the line of the first bad byte), or nil when it is.
    public static func encodingProblem(in data: Data) -> (line: Int?, column: Int?, message: String)? {
        let bytes = [UInt8](data)
        if looksLikeUTF16(data) {
            return (nil, nil, "this is UTF-16 text; Kosatsu reads UTF-8 (save the file as UTF-8)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            return (line, column, "a NUL byte at offset \(nul): this is binary data, not UTF-8 text")
        }
        guard let bad = firstInvalidUTF8(in: bytes) else { return nil }
        let (line, column) = position(of: bad, in: bytes)
        return (
            line, column,
            "the bytes at offset \(bad) are not UTF-8 (Shift_JIS or another legacy encoding?); save the file as UTF-8"
        )
    }

    /// A UTF-16 byte-order mark, or text that starts with two ASCII characters as UTF-16 (every other byte zero).
    public static func looksLikeUTF16(_ data: Data) -> Bool {
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return true }
        guard head.count == 4 else { return false }
        let little = head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0
        let big = head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0
        return little || big
    }

    private static func tooLarge(_ path: String, size: Int?, limit: Int) -> InputFileError {
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        let what = size.map { "is \(megabytes($0))" } ?? "is larger than \(megabytes(limit))"
        return InputFileError(file: path, message: "the file \(what); the most Kosatsu reads is \(megabytes(limit))")
    }

    /// The 1-based line and column (in bytes) of `offset`.
    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let newline = UInt8(ascii: "\n")
        let line = bytes[..<offset].reduce(1) { $0 + ($1 == newline ? 1 : 0) }
        let start = bytes[..<offset].lastIndex(of: newline).map { $0 + 1 } ?? 0
        return (line, offset - start + 1)
    }

    /// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
    private static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

/// A file that could not be read as input, with the file, the line where it matters, and why.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based, or nil when the problem is with the file as a whole.
    public let line: Int?
    /// 1-based, in bytes, when the line is known.
    public let column: Int?
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, or `file: message` for the file as a whole.
    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line):\(column ?? 1): \(message)"
    }
}

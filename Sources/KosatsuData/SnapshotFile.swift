public import Foundation

/// Reads and writes snapshots as JSON (dates in ISO 8601).
public enum SnapshotFile {
    /// Decodes a snapshot; errors name the file and what was expected where.
    public static func decode(_ data: Data, file: String) throws -> Snapshot {
        do {
            return try decoder.decode(Snapshot.self, from: data)
        } catch let error as DecodingError {
            throw SnapshotError(file: file, message: describe(error))
        } catch {
            throw SnapshotError(file: file, message: "\(error)")
        }
    }

    public static func load(_ path: String) throws -> Snapshot {
        let data: Data
        do {
            data = try InputFile.read(path)
            // JSONDecoder would take UTF-16 too; a snapshot is UTF-8, as every other input.
            _ = try InputFile.text(of: data, file: path)
        } catch {
            throw SnapshotError(
                file: path,
                message: (error.line.map { "line \($0), column \(error.column ?? 1): " } ?? "") + error.message)
        }
        return try decode(data, file: path)
    }

    public static func encode(_ snapshot: Snapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISO8601.encodingStrategy
        return try encoder.encode(snapshot)
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected an ISO 8601 date-time, found \"\(text)\""))
            }
            return date
        }
        return decoder
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing (required)"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(context.codingPath)): \(underlying ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}

/// A snapshot file that could not be read, with the file and what was wrong.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let message: String

    public var description: String { "\(file): \(message)" }
}

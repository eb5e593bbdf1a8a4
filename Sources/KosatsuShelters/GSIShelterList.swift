public import Foundation
public import KosatsuData

/// Reads the 国土地理院 指定緊急避難場所 list a city downloads (`mergeFromCity_2.csv`, per prefecture or
/// per city): Shift_JIS or UTF-8 (with or without a BOM), columns found by their header names in any
/// order, the optional 都道府県名及び市町村名 column, quoted fields holding commas.
///
/// A row that cannot be read (no name, coordinates that are not a place on earth, a quote left
/// open) is skipped and reported with its line; the list is never refused as a whole for a bad
/// row. Only a file without the columns a shelter needs is refused.
public struct GSIShelterList: Sendable {
    /// A row that was skipped, and why.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String

        public var description: String { "\(file):\(line): \(message); row skipped" }
    }

    /// The file as a whole could not be read as a shelter list.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String

        public var description: String { "\(file):\(line): \(message)" }
    }

    public var shelters: [Shelter]
    public var problems: [Problem]
    /// `UTF-8` or `Shift_JIS`: how the bytes were read.
    public var encoding: String

    /// The required columns; everything else is optional.
    static let nameColumn = "施設・場所名"
    static let latitudeColumn = "緯度"
    static let longitudeColumn = "経度"

    /// Reads the file at `path`.
    public static func load(_ path: String) throws(Failure) -> GSIShelterList {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(file: path, line: 0, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try read(data, file: path)
    }

    /// Reads a list from its bytes; `file` names it in problems.
    public static func read(_ data: Data, file: String) throws(Failure) -> GSIShelterList {
        guard let (text, encoding) = decode(data) else {
            throw Failure(file: file, line: 1, message: "the bytes are neither UTF-8 nor Shift_JIS text")
        }
        var records = CSVRecords(text: text).makeIterator()
        var header: CSVRecords.Record?
        // Leading blank lines are no header.
        while let record = records.next() {
            if record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                header = record
                break
            }
        }
        guard let header else {
            throw Failure(file: file, line: 1, message: "the file is empty; expected a header row")
        }
        let columns = Columns(header.fields)
        let missing = [nameColumn, latitudeColumn, longitudeColumn].filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw Failure(
                file: file, line: header.line,
                message: "the header has no \(missing.joined(separator: ", ")) column; expected the GSI 指定緊急避難場所 "
                    + "columns (NO, 共通ID, 施設・場所名, 住所, 洪水 … 火山現象, 緯度, 経度)")
        }
        var shelters: [Shelter] = []
        var problems: [Problem] = []
        var ids: Set<String> = []
        while let record = records.next() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            switch shelter(record, columns: columns, file: file) {
            case .success(var shelter):
                // A repeated 共通ID (a site listed twice) keeps both rows apart.
                if !ids.insert(shelter.id).inserted { shelter.id += "#\(record.line)" }
                shelters.append(shelter)
            case .failure(let problem):
                problems.append(problem)
            }
        }
        return GSIShelterList(shelters: shelters, problems: problems, encoding: encoding)
    }

    private static func shelter(
        _ record: CSVRecords.Record, columns: Columns, file: String
    ) -> Result<Shelter, Problem> {
        func problem(_ message: String) -> Result<Shelter, Problem> {
            .failure(Problem(file: file, line: record.line, message: message))
        }
        if record.isUnterminated { return problem("a quoted field is never closed") }
        func field(_ name: String) -> String? {
            guard let index = columns[name], index < record.fields.count else { return nil }
            let value = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        guard let name = field(nameColumn) else { return problem("no 施設・場所名") }
        let latitudeText = field(latitudeColumn) ?? ""
        let longitudeText = field(longitudeColumn) ?? ""
        guard let latitude = Double(latitudeText), let longitude = Double(longitudeText),
            latitude.isFinite, longitude.isFinite, (-90...90).contains(latitude), (-180...180).contains(longitude),
            latitude != 0 || longitude != 0
        else {
            return problem("'\(name)' has no usable position (緯度 '\(latitudeText)', 経度 '\(longitudeText)')")
        }
        let hazards = ShelterHazard.allCases.filter { hazard in
            field(hazard.gsiColumn).map(isDesignated) ?? false
        }
        let id = field("共通ID") ?? "\(URL(fileURLWithPath: file).lastPathComponent):\(record.line)"
        var address = field("住所")
        // The optional column names the municipality when the address leaves it out.
        if let municipality = field("都道府県名及び市町村名"), let written = address, !written.hasPrefix(municipality),
            !municipality.hasSuffix(written)
        {
            address = municipality + written
        }
        return .success(
            Shelter(
                id: id, name: LocalizedText(ja: name), address: address,
                position: GeoPoint(latitude: latitude, longitude: longitude), hazards: hazards))
    }

    /// GSI marks a designation with 1; lists edited by hand use ○ or ◎.
    private static func isDesignated(_ value: String) -> Bool {
        ["1", "１", "○", "◯", "◎", "●"].contains(value)
    }

    /// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Shift_JIS (Windows-31J).
    static func decode(_ data: Data) -> (String, String)? {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        if let text = String(data: Data(bytes), encoding: .shiftJIS) { return (text, "Shift_JIS") }
        return nil
    }

    /// Column indices by header name, with the spellings real files use folded together
    /// (施設･場所名 with a half-width dot, 崖崩れ､土石流 …, spaces around names).
    struct Columns {
        var indices: [String: Int] = [:]

        init(_ header: [String]) {
            for (index, name) in header.enumerated() {
                let key = Self.key(name)
                if indices[key] == nil { indices[key] = index }
            }
        }

        subscript(name: String) -> Int? { indices[Self.key(name)] }

        static func key(_ name: String) -> String {
            String(
                String.UnicodeScalarView(
                    name.unicodeScalars.filter { scalar in
                        !["・", "･", "、", "､", ",", " ", "\u{3000}", "\u{FEFF}", "\"", "\t"].contains(Character(scalar))
                    }))
        }
    }
}

/// The records of a CSV text (RFC 4180 as spreadsheets write it): fields split at commas, quoted
/// fields may hold commas, doubled quotes and line breaks; each record keeps the line it starts on.
struct CSVRecords: Sequence {
    struct Record {
        /// 1-based line of the file where the record starts.
        var line: Int
        var fields: [String]
        /// A quote was left open at the end of the text: the record ran to the end.
        var isUnterminated: Bool
    }

    let text: String

    func makeIterator() -> Iterator {
        Iterator(scalars: Array(text.unicodeScalars))
    }

    struct Iterator: IteratorProtocol {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        mutating func next() -> Record? {
            guard index < scalars.count else { return nil }
            let start = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false
            var wasQuoted = false
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if quoted {
                    if scalar == "\"" {
                        if index < scalars.count, scalars[index] == "\"" {
                            field.append("\"")
                            index += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if scalar == "\n" { line += 1 }
                        field.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case "\"" where field.isEmpty && !wasQuoted:
                    quoted = true
                    wasQuoted = true
                case ",":
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                    wasQuoted = false
                case "\r" where index < scalars.count && scalars[index] == "\n":
                    continue
                case "\n", "\r":
                    line += 1
                    fields.append(String(field))
                    return Record(line: start, fields: fields, isUnterminated: false)
                default:
                    field.append(scalar)
                }
            }
            fields.append(String(field))
            return Record(line: start, fields: fields, isUnterminated: quoted)
        }
    }
}

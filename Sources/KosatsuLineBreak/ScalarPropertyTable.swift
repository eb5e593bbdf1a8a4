/// A per-scalar byte property in a two-stage table: stage 1 maps each block of scalars to a
/// deduplicated stage-2 block, so 1.1 million scalars take a few tens of kilobytes.
///
/// The generated sources hold both stages as hex string literals (the compiler handles those far
/// faster than large array literals); they are decoded once, when the table is first used.
struct ScalarPropertyTable: Sendable {
    let blockShift: Int
    let stage1: [UInt8]
    let stage2: [UInt8]

    init(blockShift: Int, stage1Hex: StaticString, stage2Hex: StaticString) {
        self.blockShift = blockShift
        self.stage1 = Self.decode(stage1Hex)
        self.stage2 = Self.decode(stage2Hex)
        assert(stage1.count == 0x110000 >> blockShift, "stage 1 must cover every scalar")
    }

    /// The property byte of `scalar`.
    @inline(__always)
    func value(of scalar: UInt32) -> UInt8 {
        stage1.withUnsafeBufferPointer { stage1 in
            stage2.withUnsafeBufferPointer { stage2 in
                Self.value(of: scalar, stage1: stage1, stage2: stage2, blockShift: blockShift)
            }
        }
    }

    /// The lookup on raw buffers, for loops that hold the buffers open across many scalars.
    @inline(__always)
    static func value(
        of scalar: UInt32,
        stage1: UnsafeBufferPointer<UInt8>,
        stage2: UnsafeBufferPointer<UInt8>,
        blockShift: Int
    ) -> UInt8 {
        let block = Int(stage1[Int(scalar) &>> blockShift])
        return stage2[block &<< blockShift | Int(scalar) & ((1 << blockShift) - 1)]
    }

    /// Decodes a string of two-digit hex numbers; the generator writes nothing else.
    private static func decode(_ hex: StaticString) -> [UInt8] {
        hex.withUTF8Buffer { digits in
            var bytes = [UInt8]()
            bytes.reserveCapacity(digits.count / 2)
            var index = digits.startIndex
            while index + 1 < digits.endIndex {
                bytes.append(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
                index += 2
            }
            return bytes
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: 0
        }
    }
}

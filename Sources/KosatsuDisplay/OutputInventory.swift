/// What `kosatsu outputs` prints: every card, its connectors and what its CRTCs show now.
public struct OutputInventory: Sendable, Hashable, Codable, CustomStringConvertible {
    public var cards: [Card]

    public struct Card: Sendable, Hashable, Codable {
        public var path: String
        public var driver: String?
        public var isBootVGA: Bool
        public var connectors: [Connector]
        public var crtcs: [CRTC]
        /// Why the card could not be read, if it could not.
        public var error: String?
    }

    public struct Connector: Sendable, Hashable, Codable {
        public var id: UInt32
        public var name: String
        public var status: ConnectorStatus
        /// In the kernel's order.
        public var modes: [DisplayMode]
        /// The mode Kosatsu would choose without a configured one.
        public var preferredMode: DisplayMode?
        /// The CRTC driving it now, if any.
        public var crtcID: UInt32?
    }

    public struct CRTC: Sendable, Hashable, Codable {
        public var id: UInt32
        /// The framebuffer scanned out now; 0 when off.
        public var framebufferID: UInt32
        /// nil while off.
        public var mode: DisplayMode?
    }

    public var description: String {
        var lines: [String] = []
        for card in cards {
            let boot = card.isBootVGA ? " (boot VGA)" : ""
            lines.append("\(card.path) \(card.driver ?? "unknown driver")\(boot)")
            if let error = card.error {
                lines.append("  error: \(error)")
            }
            for connector in card.connectors {
                let crtc = connector.crtcID.map { " on CRTC \($0)" } ?? ""
                lines.append("  \(connector.name) \(connector.status)\(crtc)")
                for mode in connector.modes {
                    let chosen = mode == connector.preferredMode ? " *" : ""
                    lines.append("    \(mode)\(chosen)")
                }
            }
            for crtc in card.crtcs {
                lines.append(
                    "  CRTC \(crtc.id): " + (crtc.mode.map { "\($0), framebuffer \(crtc.framebufferID)" } ?? "off"))
            }
        }
        return lines.isEmpty ? "no DRM cards" : lines.joined(separator: "\n")
    }
}

extension DisplayOutput {
    /// Reads every card without taking it over (no DRM master, no modeset).
    public static func inventory(_ options: DisplayOptions = DisplayOptions()) -> OutputInventory {
        inventory(options, kernel: LibDRM())
    }

    static func inventory(_ options: DisplayOptions, kernel: any KernelModeSetting) -> OutputInventory {
        let candidates: [CardCandidate]
        if let path = options.cardPath {
            candidates = [CardCandidate(path: path, driver: nil, isBootVGA: false)]
        } else {
            candidates = CardDiscovery(sysfsRoot: options.sysfsRoot, deviceRoot: options.deviceRoot).candidates()
        }
        return OutputInventory(cards: candidates.map { describe($0, kernel: kernel) })
    }

    private static func describe(_ candidate: CardCandidate, kernel: any KernelModeSetting) -> OutputInventory.Card {
        var card = OutputInventory.Card(
            path: candidate.path, driver: candidate.driver, isBootVGA: candidate.isBootVGA, connectors: [], crtcs: [],
            error: nil)
        let fd: Int32
        do {
            fd = try kernel.openCard(candidate.path)
        } catch {
            card.error = "\(error.operation): \(Errno.name(error.errno))"
            return card
        }
        defer { kernel.closeCard(fd) }
        if let driver = try? kernel.driverName(fd) {
            card.driver = driver
        }
        do {
            let resources = try kernel.resources(fd)
            let encoders = resources.encoderIDs.compactMap { try? kernel.encoder(fd, id: $0) }
            for id in resources.connectorIDs {
                let connector = try kernel.connector(fd, id: id)
                let crtcID = encoders.first { $0.id == connector.encoderID && $0.crtcID != 0 }?.crtcID
                card.connectors.append(
                    OutputInventory.Connector(
                        id: connector.id, name: connector.name, status: connector.status, modes: connector.modes,
                        preferredMode: OutputSelection.modes(connector.modes, request: nil).first, crtcID: crtcID))
            }
            for id in resources.crtcIDs {
                let crtc = try kernel.crtc(fd, id: id)
                card.crtcs.append(OutputInventory.CRTC(id: crtc.id, framebufferID: crtc.framebufferID, mode: crtc.mode))
            }
        } catch {
            card.error = "\(error.operation): \(Errno.name(error.errno))"
        }
        return card
    }
}

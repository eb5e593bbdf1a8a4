/// Which connectors and modes to try, in order. Pure functions over what the kernel reported.
enum OutputSelection {
    /// The connectors to try: the configured one, or every connected one in the kernel's order.
    /// A connector whose status is "unknown" is tried after the connected ones (some virtual and
    /// old analogue outputs cannot tell).
    static func connectors(_ connectors: [KernelConnector], named name: String?) throws(DisplayError)
        -> [KernelConnector]
    {
        if let name {
            guard let connector = connectors.first(where: { $0.name == name }) else {
                let known = connectors.map(\.name).joined(separator: ", ")
                throw DisplayError(.noConnector, "no connector named \(name) (the card has: \(known))")
            }
            guard connector.status != .disconnected, !connector.modes.isEmpty else {
                throw DisplayError(.noConnector, "connector \(name) is \(connector.status), nothing to show on")
            }
            return [connector]
        }
        let usable =
            connectors.filter { $0.status == .connected && !$0.modes.isEmpty }
            + connectors.filter { $0.status == .unknown && !$0.modes.isEmpty }
        guard !usable.isEmpty else {
            let states = connectors.map { "\($0.name) \($0.status)" }.joined(separator: ", ")
            throw DisplayError(.noConnector, "no connected connector (\(states.isEmpty ? "none" : states))")
        }
        return usable
    }

    /// The modes to try, best first: those matching the request (closest refresh rate first),
    /// then the preferred ones, then the rest in the kernel's order. Never "the largest": a
    /// panel's native mode is what it says it prefers, and the kernel lists modes it likes first.
    static func modes(_ modes: [DisplayMode], request: ModeRequest?) -> [DisplayMode] {
        var ordered: [DisplayMode] = []
        if let request {
            let matching = modes.enumerated().filter { request.matches($0.element) }
            let sorted = matching.sorted { lhs, rhs in
                if let hertz = request.refreshRate {
                    let left = abs(lhs.element.refreshRate - hertz)
                    let right = abs(rhs.element.refreshRate - hertz)
                    if left != right { return left < right }
                }
                if lhs.element.isPreferred != rhs.element.isPreferred { return lhs.element.isPreferred }
                return lhs.offset < rhs.offset
            }
            ordered += sorted.map(\.element)
        }
        ordered += modes.filter(\.isPreferred)
        ordered += modes.filter { !$0.isPreferred }
        var seen = Set<DisplayMode>()
        return ordered.filter { seen.insert($0).inserted }
    }

    /// The CRTC for a connector: the one already driving it, else the first free one an encoder
    /// of the connector can use.
    static func crtc(
        for connector: KernelConnector, encoders: [KernelEncoder], resources: CardResources, taken: Set<UInt32> = []
    ) -> UInt32? {
        if connector.encoderID != 0, let current = encoders.first(where: { $0.id == connector.encoderID }),
            current.crtcID != 0, !taken.contains(current.crtcID)
        {
            return current.crtcID
        }
        for encoder in encoders where connector.encoderIDs.contains(encoder.id) {
            for (index, crtcID) in resources.crtcIDs.enumerated() where index < 32 {
                if encoder.possibleCRTCs & (1 << UInt32(index)) != 0, !taken.contains(crtcID) {
                    return crtcID
                }
            }
        }
        return nil
    }
}

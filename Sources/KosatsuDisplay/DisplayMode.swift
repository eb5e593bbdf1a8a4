public import KosatsuScene

/// A video mode a connector offers, with the timing the kernel needs to set it again.
public struct DisplayMode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kernel's name for it, e.g. "1920x1080".
    public var name: String
    public var width: Int
    public var height: Int
    /// Refresh rate in millihertz, from the pixel clock and totals (more exact than `vrefresh`).
    public var refreshMillihertz: Int
    /// The kernel (from EDID) marks this the panel's native mode.
    public var isPreferred: Bool
    public var timing: ModeTiming

    public init(name: String, timing: ModeTiming, isPreferred: Bool) {
        self.name = name
        self.width = Int(timing.hdisplay)
        self.height = Int(timing.vdisplay)
        self.timing = timing
        self.isPreferred = isPreferred
        self.refreshMillihertz = timing.refreshMillihertz
    }

    public var refreshRate: Double { Double(refreshMillihertz) / 1000 }

    public var size: PixelSize { PixelSize(width: width, height: height) }

    public var description: String {
        let hertz = (Double(refreshMillihertz) / 10).rounded() / 100
        return "\(width)x\(height)@\(hertz)\(isPreferred ? " (preferred)" : "")"
    }
}

/// The fields of the kernel's `struct drm_mode_modeinfo`, kept so a mode can be set as read.
public struct ModeTiming: Sendable, Hashable, Codable {
    public var clock: UInt32
    public var hdisplay: UInt16
    public var hsyncStart: UInt16
    public var hsyncEnd: UInt16
    public var htotal: UInt16
    public var hskew: UInt16
    public var vdisplay: UInt16
    public var vsyncStart: UInt16
    public var vsyncEnd: UInt16
    public var vtotal: UInt16
    public var vscan: UInt16
    public var vrefresh: UInt32
    public var flags: UInt32
    public var type: UInt32

    public init(
        clock: UInt32, hdisplay: UInt16, hsyncStart: UInt16, hsyncEnd: UInt16, htotal: UInt16, hskew: UInt16 = 0,
        vdisplay: UInt16, vsyncStart: UInt16, vsyncEnd: UInt16, vtotal: UInt16, vscan: UInt16 = 0,
        vrefresh: UInt32, flags: UInt32 = 0, type: UInt32 = 0
    ) {
        self.clock = clock
        self.hdisplay = hdisplay
        self.hsyncStart = hsyncStart
        self.hsyncEnd = hsyncEnd
        self.htotal = htotal
        self.hskew = hskew
        self.vdisplay = vdisplay
        self.vsyncStart = vsyncStart
        self.vsyncEnd = vsyncEnd
        self.vtotal = vtotal
        self.vscan = vscan
        self.vrefresh = vrefresh
        self.flags = flags
        self.type = type
    }

    /// As the kernel's drm_mode_vrefresh computes it, in millihertz.
    var refreshMillihertz: Int {
        let interlace: UInt32 = 1 << 4
        let doubleScan: UInt32 = 1 << 5
        guard htotal > 0, vtotal > 0 else { return Int(vrefresh) * 1000 }
        var lines = Int(vtotal)
        if flags & interlace != 0 { lines = (lines + 1) / 2 }
        if flags & doubleScan != 0 { lines *= 2 }
        if vscan > 1 { lines *= Int(vscan) }
        return Int(clock) * 1_000_000 / (Int(htotal) * lines)
    }
}

/// A configured mode: `WIDTHxHEIGHT` with an optional `@HZ`.
public struct ModeRequest: Sendable, Hashable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public var refreshRate: Double?

    public init(width: Int, height: Int, refreshRate: Double? = nil) {
        self.width = width
        self.height = height
        self.refreshRate = refreshRate
    }

    /// Parses "1920x1080" or "1920x1080@60" (also "@59.94").
    public init(parsing text: String) throws(DisplayError) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let dimensions = parts[0].split(separator: "x", omittingEmptySubsequences: false)
        guard dimensions.count == 2, let width = Int(dimensions[0]), let height = Int(dimensions[1]),
            width > 0, height > 0
        else {
            throw DisplayError(.invalidOption, "mode '\(text)' is not WIDTHxHEIGHT[@HZ]")
        }
        var refreshRate: Double?
        if parts.count == 2 {
            guard let hertz = Double(parts[1]), hertz > 0 else {
                throw DisplayError(.invalidOption, "mode '\(text)' has no usable refresh rate after '@'")
            }
            refreshRate = hertz
        }
        self.init(width: width, height: height, refreshRate: refreshRate)
    }

    public var description: String {
        guard let refreshRate else { return "\(width)x\(height)" }
        return "\(width)x\(height)@\(refreshRate)"
    }

    func matches(_ mode: DisplayMode) -> Bool {
        mode.width == width && mode.height == height
    }
}

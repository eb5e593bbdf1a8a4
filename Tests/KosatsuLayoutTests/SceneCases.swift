import KosatsuScene

/// One case of a scene value at a time, so a test can `#require` the case it expects.
extension SceneItem {
    var panel: Panel? {
        if case .panel(let panel) = self { panel } else { nil }
    }
    var text: TextItem? {
        if case .text(let text) = self { text } else { nil }
    }
    var group: Group? {
        if case .group(let group) = self { group } else { nil }
    }
    var ticker: TickerItem? {
        if case .ticker(let ticker) = self { ticker } else { nil }
    }
}

extension Paint {
    var linearGradient: LinearGradient? {
        if case .linearGradient(let gradient) = self { gradient } else { nil }
    }
}

extension ParagraphStyle.Overflow {
    /// The smallest size a shrinking text may reach.
    var shrinkFloor: Double? {
        if case .shrink(let floor) = self { floor } else { nil }
    }
}

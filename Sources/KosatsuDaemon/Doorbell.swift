/// Wakes the sign's loop when something changed, or after a timeout — whichever comes first.
///
/// A ring while nobody waits is remembered, so a change is never missed between two waits.
actor Doorbell {
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0
    private var rung = false

    func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Returns when rung (or already rung since the last wait), after `timeout`, or when the
    /// waiting task is cancelled (so shutdown is prompt).
    func wait(timeout: Duration) async {
        if rung || Task.isCancelled {
            rung = false
            return
        }
        generation += 1
        let current = generation
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter = continuation
                Task {
                    try? await Task.sleep(for: timeout)
                    self.expire(current)
                }
            }
        } onCancel: {
            Task { await self.expire(current) }
        }
    }

    private func expire(_ generationAtWait: Int) {
        guard generationAtWait == generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}

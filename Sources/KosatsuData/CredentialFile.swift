import Foundation

/// Files that hold secrets (the push token, the data platform's token or client secret): who
/// else on the machine can read them.
public enum CredentialFile {
    /// A sentence for the log when the file can be read by its group or by everyone, else nil.
    public static func permissionWarning(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = Int(info.st_mode) & 0o777
        guard mode & 0o044 != 0 else { return nil }
        let who = mode & 0o004 != 0 ? "every user on the machine" : "its group"
        return "the credential file \(path) can be read by \(who) (mode \(String(mode, radix: 8))); chmod 600 it"
    }
}

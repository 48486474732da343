import Foundation
import Glibc

extension Thread {
    /// A thread, not yet started, that runs `body` under `name` both in Foundation and where the system shows it
    /// (`top -H`, `/proc/PID/task/TID/comm`, a debugger): on Linux, Foundation's `name` never reaches the system's.
    /// The system keeps the name's first 15 bytes.
    package convenience init(named name: String, _ body: @escaping @Sendable () -> Void) {
        self.init {
            Thread.setSystemName(name)
            body()
        }
        self.name = name
    }

    /// Names the calling thread where the system shows it (its first 15 bytes).
    private static func setSystemName(_ name: String) {
        _ = setName?(pthread_self(), String(decoding: name.utf8.prefix(15), as: UTF8.self))
    }

    private typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    /// glibc's `pthread_setname_np`, looked up at run time: the Glibc module leaves out what needs `_GNU_SOURCE`.
    private static let setName: SetName? = dlsym(nil, "pthread_setname_np").map {  // nil is RTLD_DEFAULT
        unsafeBitCast($0, to: SetName.self)
    }
}

@preconcurrency import Glibc
import Foundation
import Synchronization

/// The machinery of a running `HTTPServer`: listener, epoll set, connection table and threads.
///
/// Threads share one epoll set, leader/follower style: each worker waits in `epoll_wait` for one event,
/// serves that connection (reading, parsing, calling the handler, writing), parks it and waits again.
/// Connections are registered once, edge-triggered, and the connection table hands each to exactly one thread
/// at a time (an event for a connection being served is remembered for its owner), so no hand-off between
/// threads is needed and nothing is re-armed per request. Workers are started only by the timer thread, which watches for handlers that block (a long
/// poll) and adds workers so that enough stay free to accept and answer others (`superviseWorkers`); the hot
/// path never spawns. Idle connections are parked in epoll and cost no thread. The same timer thread
/// enforces deadlines.
final class ServerRuntime: Sendable {
    static let listenerToken: UInt64 = 0
    static let wakeToken = UInt64.max
    /// How long an answered-and-rejected client may keep sending before it is cut off.
    static let lingerMilliseconds: Int64 = 2000
    /// How much a rejected client may send while lingering.
    static let lingerBytes = 4 * 1024 * 1024
    /// Idle workers beyond the minimum exit after this long without events.
    static let workerIdleMilliseconds: Int32 = 5000

    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let listener: Socket
    let port: Int
    let poll: EventPoll
    let stopWake: WakePipe
    let timerWake: WakePipe
    let table = ConnectionTable()
    let threads: ThreadGroup
    let headTimeout: Int64
    let idleTimeout: Int64
    let writeTimeout: Int64
    let minimumWorkers: Int
    /// Workers waiting in `epoll_wait`, and workers alive.
    let idleWorkers = Atomic<Int>(0)
    let liveWorkers = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    /// Every live worker's context, for the timer's check on handlers that block.
    let workers = Locked<[ObjectIdentifier: WorkerContext]>([:])
    /// Set while the timer sleeps with no periodic check; a worker entering a handler then wakes it.
    let timerNapping = Atomic<Bool>(false)
    /// A handler running (or its answer being written) longer than this while its thread waits for something counts
    /// as blocked: its thread no longer serves others.
    static let blockedHandlerMilliseconds: Int64 = 10
    /// A handler that computes (its thread runnable) counts as blocked only after this long: a thread waiting for
    /// a core on a busy machine is runnable too, and for it more threads would only be more to wait.
    static let computingHandlerMilliseconds: Int64 = 200
    private let closed = Atomic<Bool>(false)

    /// Binds and listens; no thread is started yet.
    init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) throws(SocketError) {
        self.configuration = configuration
        self.handler = handler
        headTimeout = max(1, configuration.headTimeout.milliseconds)
        idleTimeout = max(1, configuration.idleTimeout.milliseconds)
        writeTimeout = max(1, configuration.writeTimeout.milliseconds)
        // One worker per core (2 to 8), never more than the threads allowed.
        let perCore = max(2, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        minimumWorkers = max(1, min(configuration.maxThreads, perCore))
        threads = ThreadGroup(marker: "server-\(UUID().uuidString)")
        Self.raiseDescriptorLimit()

        let addresses = try SocketAddress.resolve(host: configuration.host, port: configuration.port)
        let address = addresses[0]
        let listener = try Socket.tcp(family: address.family)
        do {
            try listener.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try listener.bind(to: address)
            try listener.listen(backlog: SOMAXCONN)
            port = try listener.localAddress().port
        } catch {
            listener.close()
            throw error
        }
        self.listener = listener
        var opened: [WakePipe] = []
        do {
            poll = try EventPoll()
            stopWake = try WakePipe()
            opened.append(stopWake)
            timerWake = try WakePipe()
        } catch {
            opened.forEach { $0.close() }
            listener.close()
            throw error
        }
    }

    /// A server may hold thousands of idle connections: lift the soft descriptor limit to the hard one.
    private static func raiseDescriptorLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Registers the listener and the stop pipe, then starts the workers and the timer.
    func start() throws(SocketError) {
        try poll.add(listener.fd, events: EventPoll.input | EventPoll.oneShot, token: Self.listenerToken)
        // Level-triggered and never drained: once signalled, every waiting worker sees it and exits.
        try poll.add(stopWake.readFD, events: EventPoll.input, token: Self.wakeToken)
        for _ in 0..<minimumWorkers { spawnWorker() }
        threads.spawn(name: "http-timer") { [self] in runTimer() }
    }

    func spawnWorker() {
        liveWorkers.add(1, ordering: .relaxed)
        idleWorkers.add(1, ordering: .relaxed)
        threads.spawn(name: "http-worker") { [self] in runWorker() }
    }

    /// Stops accepting, closes parked connections and wakes every thread; connections being served
    /// finish their current request and close.
    func beginStop() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        // shutdown, not close: a worker may be inside accept() on this descriptor right now.
        listener.shutdown(Int32(SHUT_RDWR))
        for connection in table.beginStop() { close(connection) }
        stopWake.signal()
        timerWake.signal()
    }

    /// Whether the calling thread is one of this server's.
    var isServerThread: Bool { threads.isMember }

    /// Waits for every thread but the caller's own, then releases descriptors if none is left.
    func join() {
        let own = isServerThread ? 1 : 0
        threads.wait(untilAtMost: own)
        if own == 0 { releaseResources() }
    }

    /// Closes what the threads shared; runs once, after every thread has exited.
    func releaseResources() {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        for connection in table.drainAll() { connection.socket.close() }
        listener.close()
        poll.close()
        stopWake.close()
        timerWake.close()
    }

    /// Removes a connection its owner holds and closes the socket.
    func close(_ connection: HTTPConnection) {
        table.remove(connection)
        connection.socket.close()
    }

    func log(_ message: @autoclosure () -> String) {
        configuration.log?(message())
    }
}

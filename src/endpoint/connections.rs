//! How many connections are served at once, and which one makes room.
//!
//! Every connection holds a slot, taken before `accept`, so that the endpoint does not run out of
//! file descriptors: there are fewer slots than the open-file limit (raised to its hard limit at
//! start, as Go's runtime does), with a reserve for the process's own descriptors. Clients beyond
//! that wait in the listen backlog. When all slots are taken, the connection idle longest (one
//! between requests, or one that has not sent any) is closed to make room, so that a newcomer is
//! served at once rather than when an idle connection times out.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// `--max-connections` unless given.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1000;
/// Descriptors kept for the process itself: standard streams, the listener, the runtime's.
const RESERVED_DESCRIPTORS: u64 = 32;

/// Connections served at once: `requested`, but fewer than the open-file limit, if known.
pub fn cap(requested: usize, open_file_limit: Option<u64>) -> usize {
    let Some(limit) = open_file_limit else { return requested.max(1) };
    let usable = limit.saturating_sub(RESERVED_DESCRIPTORS).max(limit / 2);
    requested.min(usize::try_from(usable).unwrap_or(usize::MAX)).max(1)
}

/// Raises the soft open-file limit to the hard one and returns the soft limit then in force.
#[cfg(unix)]
pub fn raise_open_file_limit() -> Option<u64> {
    // macOS refuses a soft limit over OPEN_MAX even when the hard limit is unlimited.
    const OPEN_MAX: libc::rlim_t = 10240;
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given, which lives for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    for wanted in [limit.rlim_max, limit.rlim_max.min(OPEN_MAX)] {
        if wanted <= limit.rlim_cur {
            break;
        }
        let raised = libc::rlimit { rlim_cur: wanted, rlim_max: limit.rlim_max };
        // SAFETY: setrlimit only reads the struct it is given, which lives for the call.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = wanted;
            break;
        }
    }
    #[allow(clippy::useless_conversion)] // rlim_t is u64 on 64-bit Linux and macOS, u32 on 32-bit Linux
    Some(u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX))
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() -> Option<u64> {
    None
}

/// The connections being served.
pub struct Connections {
    slots: Arc<Semaphore>,
    size: usize,
    open: Mutex<HashMap<u64, Arc<Connection>>>,
    /// Ticks on every accept and request, to tell which connection has been idle longest.
    clock: AtomicU64,
    /// A connection finished a request, so it may now make room.
    went_idle: Notify,
}

/// One connection's state, shared by its task, its requests and its socket.
pub struct Connection {
    id: u64,
    last_active: AtomicU64,
    in_request: AtomicBool,
    has_had_requests: AtomicBool,
    asked_to_close: AtomicBool,
    close: Notify,
    /// A request body was left unread: drain it before closing, so the client reads the answer.
    linger: AtomicBool,
}

impl Connections {
    pub fn new(size: usize) -> Arc<Self> {
        Arc::new(Self {
            slots: Arc::new(Semaphore::new(size)),
            size,
            open: Mutex::new(HashMap::new()),
            clock: AtomicU64::new(0),
            went_idle: Notify::new(),
        })
    }

    fn open(&self) -> MutexGuard<'_, HashMap<u64, Arc<Connection>>> {
        // Nothing panics while holding it; if something did, the map is still consistent.
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed)
    }

    /// Waits for a free slot; while there is none, closes the connection idle longest.
    pub async fn free_slot(&self) -> OwnedSemaphorePermit {
        loop {
            if let Ok(slot) = Arc::clone(&self.slots).try_acquire_owned() {
                return slot;
            }
            let made_room = self.close_longest_idle();
            let idle = self.went_idle.notified();
            tokio::select! {
                slot = Arc::clone(&self.slots).acquire_owned() => {
                    if let Ok(slot) = slot {
                        return slot;
                    }
                }
                // Only when nothing was closed: a connection that goes idle can make room now.
                _ = idle, if !made_room => {}
            }
        }
    }

    /// Records a connection accepted on `slot`; it is forgotten when the handle is dropped.
    pub fn register(self: &Arc<Self>, slot: OwnedSemaphorePermit) -> Registered {
        let id = self.tick();
        let connection = Arc::new(Connection {
            id,
            last_active: AtomicU64::new(id),
            in_request: AtomicBool::new(false),
            has_had_requests: AtomicBool::new(false),
            asked_to_close: AtomicBool::new(false),
            close: Notify::new(),
            linger: AtomicBool::new(false),
        });
        self.open().insert(id, Arc::clone(&connection));
        Registered { connections: Arc::clone(self), connection, _slot: slot }
    }

    /// Asks the connection idle longest to close; false when every connection is in a request
    /// or already closing.
    pub fn close_longest_idle(&self) -> bool {
        let open = self.open();
        // A lingering connection is already closing, within a few seconds.
        let idle = open.values().filter(|c| !c.in_request.load(Ordering::Relaxed) && !c.closing() && !c.lingers());
        let Some(longest) = idle.min_by_key(|c| c.last_active.load(Ordering::Relaxed)) else { return false };
        longest.ask_to_close();
        true
    }

    /// Asks every connection to close once its request in flight, if any, is answered.
    pub fn close_all(&self) {
        for connection in self.open().values() {
            connection.ask_to_close();
        }
    }

    /// Resolves when every connection has closed.
    pub async fn all_closed(&self) {
        let _ = self.slots.acquire_many(u32::try_from(self.size).unwrap_or(u32::MAX)).await;
    }
}

impl Connection {
    /// Marks a request in progress until the guard is dropped.
    pub fn begin_request(self: &Arc<Self>, connections: &Arc<Connections>) -> InRequest {
        self.in_request.store(true, Ordering::Relaxed);
        self.has_had_requests.store(true, Ordering::Relaxed);
        self.last_active.store(connections.tick(), Ordering::Relaxed);
        InRequest { connection: Arc::clone(self), connections: Arc::clone(connections) }
    }

    /// Whether a request was ever started: if not, no answer is owed and the connection can
    /// simply be dropped.
    pub fn has_had_requests(&self) -> bool {
        self.has_had_requests.load(Ordering::Relaxed)
    }

    fn ask_to_close(&self) {
        self.asked_to_close.store(true, Ordering::Relaxed);
        // Stores a wake-up if the task is not waiting yet.
        self.close.notify_one();
    }

    fn closing(&self) -> bool {
        self.asked_to_close.load(Ordering::Relaxed)
    }

    /// Resolves when the connection is asked to close (to make room, or at shutdown).
    pub async fn close_requested(&self) {
        self.close.notified().await;
    }

    pub fn linger_on_close(&self) {
        self.linger.store(true, Ordering::Relaxed);
    }

    pub fn lingers(&self) -> bool {
        self.linger.load(Ordering::Relaxed)
    }
}

/// A connection's place among the open ones, and its slot.
pub struct Registered {
    connections: Arc<Connections>,
    connection: Arc<Connection>,
    _slot: OwnedSemaphorePermit,
}

impl Registered {
    pub fn connection(&self) -> &Arc<Connection> {
        &self.connection
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.connections.open().remove(&self.connection.id);
    }
}

/// A request in progress on a connection.
pub struct InRequest {
    connection: Arc<Connection>,
    connections: Arc<Connections>,
}

impl Drop for InRequest {
    fn drop(&mut self) {
        self.connection.last_active.store(self.connections.tick(), Ordering::Relaxed);
        self.connection.in_request.store(false, Ordering::Relaxed);
        self.connections.went_idle.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_open_file_limit() {
        assert_eq!(cap(1000, None), 1000);
        assert_eq!(cap(1000, Some(1_048_576)), 1000);
        assert_eq!(cap(1000, Some(1024)), 992);
        assert_eq!(cap(1000, Some(40)), 20);
        assert_eq!(cap(0, Some(1024)), 1);
        assert_eq!(cap(5, Some(0)), 1);
    }

    #[tokio::test]
    async fn at_the_cap_the_longest_idle_connection_is_asked_to_close() {
        let connections = Connections::new(2);
        let first = connections.register(connections.free_slot().await);
        let second = connections.register(connections.free_slot().await);
        let busy = first.connection().begin_request(&connections);
        drop(busy);
        // `second` has never had a request since before `first`'s ended: it is idle longest.
        let _in_request = first.connection().begin_request(&connections);
        assert!(connections.close_longest_idle());
        assert!(second.connection().closing() && !first.connection().closing());
        // Nothing else is idle: `first` is in a request and `second` already closing.
        assert!(!connections.close_longest_idle());
        drop(second);
        let _third = connections.register(connections.free_slot().await);
    }
}

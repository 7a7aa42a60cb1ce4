//! The accept loop: HTTP/1.1 with keep-alive on tokio and hyper, one simulator behind a mutex
//! (each call holds it for microseconds; the binary runs it all on one thread), wall-clock time
//! as the simulation clock.
//!
//! Hostile or broken clients cost little: `connections` caps how many are served at once and
//! makes room by closing idle ones, `body` bounds what request bodies take (413 for one over
//! `MAX_BODY_BYTES`), `io` drops a client that stops reading its answers, a client that sends
//! its headers or body too slowly or stops half-way is disconnected, and no request can take a
//! worker down. A client that half-closes after its request still gets the answer. When
//! accepting fails (out of file descriptors), the loop backs off instead of spinning. SIGINT and
//! SIGTERM stop accepting, let requests in flight finish, and end the process cleanly.

use std::io;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http::HeaderValue;
use http_body_util::Full;
use hyper::body::{Body, Bytes, Incoming as IncomingBody};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use super::access::Access;
use super::body::{self, BODY_BUDGET_KIB, NotRead};
use super::connections::{self, Connection, Connections, InRequest, Registered};
use super::io::TimedStream;
use super::protocol::{self, Ids, Incoming};
use super::settings::Settings;
use super::state::Kept;
use crate::sim::base64;

/// A client gets this long to send its request headers, and again its body. Hyper's header
/// timeout also bounds how long a keep-alive connection may sit idle.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How long the loop waits before accepting again after a failure such as running out of file
/// descriptors, which would otherwise fail again at once, in a busy loop.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// Accept failures this close together are one episode, reported once.
const ACCEPT_EPISODE_GAP: Duration = Duration::from_secs(10);

/// What every connection shares.
struct Shared {
    /// The account, in memory or kept in `--state-dir`.
    core: Mutex<Kept>,
    access: Access,
    /// Request bodies held at once, in KiB (`body`).
    body_budget: Semaphore,
    connections: Arc<Connections>,
}

/// How often the journal of `--state-dir` is flushed to the disk, unless `--sync-writes` flushes
/// each write.
const SYNC_INTERVAL: Duration = Duration::from_secs(1);

/// Serves until SIGINT or SIGTERM. `on_ready` is called with the bound address and what
/// restoring `--state-dir` found, once the endpoint takes calls.
pub async fn serve(settings: Settings, on_ready: impl FnOnce(std::net::SocketAddr, Vec<String>)) -> io::Result<()> {
    // Signal handlers go in before anyone is told the endpoint is up, so that a SIGINT right
    // after start-up still shuts it down cleanly.
    let mut shutdown = pin!(shutdown_signal()?);
    let open_file_limit = connections::raise_open_file_limit();
    let mut report = Vec::new();
    let core = match &settings.state_dir {
        None => Kept::in_memory(settings.config),
        Some(dir) => Kept::open(dir, settings.config, settings.sync_writes, |line| report.push(line))
            .map_err(io::Error::other)?,
    };
    let listener = TcpListener::bind((settings.host, settings.port)).await?;
    on_ready(listener.local_addr()?, report);
    let connections = Connections::new(connections::cap(settings.max_connections, open_file_limit));
    let shared = Arc::new(Shared {
        core: Mutex::new(core),
        access: settings.access,
        body_budget: Semaphore::new(BODY_BUDGET_KIB),
        connections: Arc::clone(&connections),
    });
    let mut http = http1::Builder::new();
    // Half-closing clients (`shutdown(SHUT_WR)` after the request, `nc -N`) still get their answer.
    http.timer(TokioTimer::new()).header_read_timeout(READ_TIMEOUT).half_close(true);
    let mut last_accept_failure: Option<Instant> = None;
    if settings.state_dir.is_some() && !settings.sync_writes {
        tokio::spawn(sync_journal(Arc::clone(&shared)));
    }

    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // It went away before it was accepted: only that connection is concerned.
            Err(error) if concerns_one_connection(&error) => continue,
            Err(error) => {
                let now = Instant::now();
                if last_accept_failure.is_none_or(|last| now.duration_since(last) > ACCEPT_EPISODE_GAP) {
                    let hint = if out_of_descriptors(&error) {
                        " Raise the open-file limit (ulimit -n) or lower --max-connections."
                    } else {
                        ""
                    };
                    eprintln!("kinesis-endpoint: cannot accept connections: {error}; retrying.{hint}");
                }
                last_accept_failure = Some(now);
                // Fewer connections may make room for the next one.
                connections.close_longest_idle();
                tokio::select! {
                    _ = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                    _ = &mut shutdown => break,
                }
            }
        };
        // At the cap this one waits, and the connection idle longest is closed to make room;
        // later clients wait in the listen backlog.
        let slot = tokio::select! {
            slot = connections.free_slot() => slot,
            _ = &mut shutdown => break,
        };
        let registered = connections.register(slot);
        tokio::spawn(serve_connection(Arc::clone(&shared), http.clone(), stream, registered));
    }
    drop(listener);
    connections.close_all();
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, connections.all_closed()).await;
    let mut core = shared.core.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    core.finish();
    if let Some(Ok(file)) = core.segment_file() {
        file.sync_data()?;
    }
    Ok(())
}

/// Flushes the journal to the disk every `SYNC_INTERVAL`, off the thread that serves calls.
async fn sync_journal(shared: Arc<Shared>) {
    let mut interval = tokio::time::interval(SYNC_INTERVAL);
    loop {
        interval.tick().await;
        let file = shared.core.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).segment_file();
        if let Some(Ok(file)) = file {
            let _ = tokio::task::spawn_blocking(move || file.sync_data()).await;
        }
    }
}

/// Whether a failed accept concerns only the connection being accepted, rather than a lasting
/// condition such as being out of file descriptors (EMFILE, ENFILE) or memory.
fn concerns_one_connection(error: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(error.kind(), ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock)
}

#[cfg(unix)]
fn out_of_descriptors(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
}

#[cfg(not(unix))]
fn out_of_descriptors(_: &io::Error) -> bool {
    false
}

async fn serve_connection(shared: Arc<Shared>, http: http1::Builder, stream: TcpStream, registered: Registered) {
    let _ = stream.set_nodelay(true);
    let connection = Arc::clone(registered.connection());
    let io = TokioIo::new(TimedStream::new(stream, Arc::clone(&connection)));
    let service = {
        let connection = Arc::clone(&connection);
        service_fn(move |request| {
            let in_request = connection.begin_request(&shared.connections);
            handle(Arc::clone(&shared), Arc::clone(&connection), in_request, request)
        })
    };
    let mut served = pin!(http.serve_connection(io, service));
    let mut closing = false;
    loop {
        tokio::select! {
            _ = served.as_mut() => break,
            _ = connection.close_requested(), if !closing => {
                // A connection that never sent a request is owed nothing: close it now. Others
                // finish the request in flight, if any, and close (at once when idle).
                if !connection.has_had_requests() {
                    break;
                }
                served.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
    drop(registered);
}

/// Resolves on SIGINT or SIGTERM; the handlers are installed when this is called.
#[cfg(unix)]
fn shutdown_signal() -> io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// A body that could not be read: hyper closes the connection.
#[derive(Debug)]
struct Unreadable;

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("request body could not be read")
    }
}

impl std::error::Error for Unreadable {}

async fn handle(
    shared: Arc<Shared>,
    connection: Arc<Connection>,
    _in_request: InRequest,
    request: Request<IncomingBody>,
) -> Result<Response<Full<Bytes>>, Unreadable> {
    let (parts, body) = request.into_parts();
    let body_sent = !body.is_end_stream();
    let admitted = shared.access.admits(&parts.headers);
    // A request refused from its headers (another site's page, a rebound host name) is answered
    // without reading its body, and so is one declared too large.
    let read = if admitted {
        match tokio::time::timeout(READ_TIMEOUT, body::read(body, &shared.body_budget)).await {
            Ok(Ok(read)) => Some(read),
            Ok(Err(NotRead::TooLarge)) => None,
            // Truncated, broken or too slow: nothing sensible to answer.
            Ok(Err(NotRead::Broken)) | Err(_) => return Err(Unreadable),
        }
    } else {
        drop(body);
        None
    };
    let incoming = Incoming {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: read.as_ref().map_or(&[], |read| &read.bytes),
        body_too_large: admitted && read.is_none(),
    };
    let mut response = {
        // A panic cannot happen in the core by design; if one did, the next request must still
        // be served, so a poisoned lock is taken over rather than propagated.
        let mut core = shared.core.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        protocol::answer(&mut *core, &shared.access, &incoming, wall_clock_ms(), new_ids())
    };
    if read.is_none() && body_sent {
        // The rest of the body stays unread: close after the answer, draining what the client
        // still sends so that it reads the answer rather than a reset.
        connection.linger_on_close();
        response.headers_mut().insert(http::header::CONNECTION, HeaderValue::from_static("close"));
    }
    Ok(response.map(|body| Full::new(Bytes::from(body))))
}

fn wall_clock_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Fresh request ids: splitmix64 over a per-process seed and a counter. Unique and random-looking,
/// which is all a request id needs to be.
fn new_ids() -> Ids {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let seed = *SEED.get_or_init(|| wall_clock_ms() as u64 ^ (u64::from(std::process::id()) << 32));
    let mut state = seed.wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let (high, low) = (next(), next());
    // A version-4, variant-1 UUID.
    let high = (high & !0xf000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    let request_id = format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    );
    let id_2_bytes: Vec<u8> = (0..9).flat_map(|_| next().to_be_bytes()).collect();
    Ids { request_id, id_2: base64::encode(&id_2_bytes) }
}

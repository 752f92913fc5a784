//! Accepting connections: HTTP/1.1 with limits, so that clients that open connections and send
//! nothing, send a header a byte at a time, or ask and never read the answer cannot hold the
//! server's connections; the client's address for the rate limit; and a graceful shutdown with
//! a deadline.
//!
//! The limits ([`ConnectionLimits`]): at most 2,048 connections at once and 64 per client
//! network (an IPv4 address, an IPv6 /64; trusted proxies are not capped), so one client cannot
//! take them all; 10 s to send a request's headers (also between requests on a kept-alive
//! connection); 10 s to send a request body (`api`); no new request on a connection older than
//! 60 s, and a connection is closed at 5 minutes even in the middle of an answer.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use crate::client::{network_of, TrustedProxies};
use crate::log::log;

/// The connection's read buffer, and so the longest header block accepted.
pub const MAX_BUFFER_BYTES: usize = 32 * 1024;
/// How long requests in flight may take to finish at shutdown.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
/// Connections per client network unless `--max-connections-per-client` says otherwise.
pub const DEFAULT_PER_CLIENT: usize = 64;

/// How many connections, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Most connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// Most connections from one client network (0: no cap); more are closed at once.
    pub per_client: usize,
    /// Time a client has to send a request's headers, also between requests on a kept-alive
    /// connection: the idle timeout.
    pub header_read_timeout: Duration,
    /// Time a client has to send a request's body once its headers are in.
    pub body_read_timeout: Duration,
    /// After this, a connection takes no new request (it closes once the answer in flight is sent).
    pub max_age: Duration,
    /// After this, a connection is closed, even in the middle of an answer the client does not read.
    pub max_lifetime: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            max_connections: 2_048,
            per_client: DEFAULT_PER_CLIENT,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_age: Duration::from_secs(60),
            max_lifetime: Duration::from_secs(300),
        }
    }
}

/// The client's address as the limits see it: the peer's, or behind a trusted proxy the address
/// the proxy saw (a request extension, like `ConnectInfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Open connections per client network.
#[derive(Default)]
struct PerClient {
    open: Mutex<HashMap<IpAddr, usize>>,
    refused: AtomicU64,
}

/// One connection counted for its client network; uncounted when dropped.
struct ClientSlot {
    table: Arc<PerClient>,
    network: IpAddr,
}

impl PerClient {
    fn take(self: &Arc<Self>, peer: IpAddr, cap: usize) -> Option<ClientSlot> {
        let network = network_of(peer);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(network).or_insert(0);
        if *count >= cap {
            drop(open);
            let refused = self.refused.fetch_add(1, Ordering::Relaxed) + 1;
            if refused.is_power_of_two() {
                log(&format!("connections refused: a client network had {cap} open ({refused} refused so far)"));
            }
            return None;
        }
        *count += 1;
        Some(ClientSlot { table: self.clone(), network })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.table.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.network) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.network);
            }
        }
    }
}

/// What the connections are told: keep going, finish what is in flight, or close now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    Running,
    Finish,
    Now,
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the requests in flight
/// finish (at most [`SHUTDOWN_GRACE`]).
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
    limits: ConnectionLimits,
    proxies: TrustedProxies,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).max_buf_size(MAX_BUFFER_BYTES);
    let max = limits.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(max));
    let per_client = Arc::new(PerClient::default());
    let proxies = Arc::new(proxies);
    let (stop, stopped) = watch::channel(Stop::Running);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or similar: wait a moment instead of spinning.
                    log(&format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let client_slot = if limits.per_client == 0 || proxies.trusts(peer.ip()) {
            None
        } else {
            match per_client.take(peer.ip(), limits.per_client) {
                Some(slot) => Some(slot),
                // Over the cap: closed at once, and the global slot is free again.
                None => continue,
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let proxies = proxies.clone();
        let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
            let client = proxies.client(peer.ip(), request.headers());
            request.extensions_mut().insert(ConnectInfo(peer));
            request.extensions_mut().insert(ClientAddr(client));
            router.clone().oneshot(request)
        });
        let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            let age = tokio::time::sleep(limits.max_age);
            let lifetime = tokio::time::sleep(limits.max_lifetime);
            tokio::pin!(age, lifetime);
            let mut closing = false;
            loop {
                tokio::select! {
                    // A client that goes away mid-request is its own business, not an error of ours.
                    _ = connection.as_mut() => break,
                    () = &mut age, if !closing => {
                        connection.as_mut().graceful_shutdown();
                        closing = true;
                    }
                    changed = stopped.changed() => {
                        let now = if changed.is_ok() { *stopped.borrow_and_update() } else { Stop::Now };
                        match now {
                            Stop::Running => {}
                            Stop::Finish if !closing => {
                                connection.as_mut().graceful_shutdown();
                                closing = true;
                            }
                            Stop::Finish => {}
                            Stop::Now => break,
                        }
                    }
                    // Dropping the connection closes it, answer sent or not.
                    () = &mut lifetime => break,
                }
            }
            drop(client_slot);
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop.send(Stop::Finish);
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    if tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all)).await.is_err() {
        log(&format!("stopped waiting for requests in flight after {} s", SHUTDOWN_GRACE.as_secs()));
        let _ = stop.send(Stop::Now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};
    use std::time::Instant;

    use axum::routing::get;

    async fn start(
        limits: ConnectionLimits,
        proxies: TrustedProxies,
    ) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
        let router = Router::new()
            .route("/", get(|| async { "ok" }))
            .route("/client", get(|axum::Extension(ClientAddr(ip)): axum::Extension<ClientAddr>| async move { ip.to_string() }))
            .route("/big", get(|| async { vec![b'x'; 64 << 20] }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve_connections(
            listener,
            router,
            async {
                let _ = stopped.await;
            },
            limits,
            proxies,
        ));
        (addr, stop, task)
    }

    /// A connection to `addr` from the loopback address `from` (127.0.0.2, ...).
    async fn connect_from(from: &str, addr: SocketAddr) -> TcpStream {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::new(from.parse().unwrap(), 0)).unwrap();
        let stream = socket.connect(addr).await.unwrap().into_std().unwrap();
        stream.set_nonblocking(false).unwrap();
        stream
    }

    fn fetch(stream: &mut TcpStream, path: &str, extra: &str) -> std::io::Result<String> {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra}\r\n")?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    }

    /// Whether the server has closed `stream` (EOF or reset) within `within`.
    fn closed(stream: &mut TcpStream, within: Duration) -> bool {
        stream.set_read_timeout(Some(within)).unwrap();
        let mut buf = [0u8; 64];
        match stream.read(&mut buf) {
            Ok(n) => n == 0,
            Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
        }
    }

    fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> tokio::task::JoinHandle<T> {
        tokio::task::spawn_blocking(f)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_client_network_cannot_take_every_connection() {
        let limits = ConnectionLimits { per_client: 3, ..ConnectionLimits::default() };
        let (addr, stop, task) = start(limits, TrustedProxies::default()).await;
        let mut other = connect_from("127.0.0.2", addr).await;
        blocking(move || {
            let mut held: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(addr).unwrap()).collect();
            // The fourth from the same address is closed at once, without an answer.
            let mut fourth = TcpStream::connect(addr).unwrap();
            assert!(closed(&mut fourth, Duration::from_secs(5)), "over the cap, yet kept open");
            // Another address is served, and the held ones are still open.
            assert!(fetch(&mut other, "/", "").unwrap().ends_with("ok"));
            assert!(fetch(&mut held[0], "/", "").unwrap().ends_with("ok"));
            // Once one is closed, its address may open another.
            drop(held.remove(0));
            let served = (0..50).any(|_| {
                std::thread::sleep(Duration::from_millis(20));
                TcpStream::connect(addr).ok().and_then(|mut s| fetch(&mut s, "/", "").ok()).is_some_and(|a| a.ends_with("ok"))
            });
            assert!(served);
        })
        .await
        .unwrap();
        let _ = stop.send(());
        task.await.unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_client_that_never_reads_is_cut_off_and_old_connections_end() {
        let limits =
            ConnectionLimits { max_age: Duration::from_millis(500), max_lifetime: Duration::from_secs(2), ..ConnectionLimits::default() };
        let (addr, stop, task) = start(limits, TrustedProxies::default()).await;
        blocking(move || {
            // Asks for 64 MB and reads nothing: the server's writes block until the lifetime ends.
            let started = Instant::now();
            let mut stalled = TcpStream::connect(addr).unwrap();
            stalled.write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            std::thread::sleep(Duration::from_millis(2_500));
            stalled.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut got = 0usize;
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match stalled.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got += n,
                }
            }
            assert!(got < 64 << 20, "the whole answer arrived: the connection was not cut");
            assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
            // A kept-alive connection takes no new request after max_age.
            let mut kept = TcpStream::connect(addr).unwrap();
            kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut requests = 0;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(3) {
                if kept.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").is_err() {
                    break;
                }
                let mut buf = [0u8; 4096];
                match kept.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => requests += 1,
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            assert!(requests >= 2, "{requests}");
            assert!(started.elapsed() < Duration::from_millis(1_500), "still open after {:?}", started.elapsed());
        })
        .await
        .unwrap();
        let _ = stop.send(());
        task.await.unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_client_address_comes_from_a_trusted_proxy_only() {
        let (addr, stop, task) = start(ConnectionLimits::default(), TrustedProxies::new(vec!["127.0.0.1/32".parse().unwrap()])).await;
        let mut via_proxy = TcpStream::connect(addr).unwrap();
        let mut direct = connect_from("127.0.0.2", addr).await;
        blocking(move || {
            let xff = "X-Forwarded-For: 198.51.100.7\r\n";
            assert!(fetch(&mut via_proxy, "/client", xff).unwrap().ends_with("198.51.100.7"));
            assert!(fetch(&mut direct, "/client", xff).unwrap().ends_with("127.0.0.2"), "a client cannot name its own address");
        })
        .await
        .unwrap();
        let _ = stop.send(());
        task.await.unwrap();
    }
}

//! A TCP proxy between a server and its database, that a test cuts to make the database
//! unreachable and restores.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A running proxy; it stops with the test's runtime.
pub struct Proxy {
    pub addr: SocketAddr,
    open: Arc<AtomicBool>,
    cuts: watch::Sender<u64>,
}

impl Proxy {
    /// Forwards connections on a new local port to `target`.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy port");
        let addr = listener.local_addr().expect("proxy address");
        let open = Arc::new(AtomicBool::new(true));
        let (cuts, _) = watch::channel(0_u64);
        let (accepting, cut_signal) = (Arc::clone(&open), cuts.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // Dropping the socket refuses the connection.
                }
                let mut cut = cut_signal.subscribe();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut client, mut server) = (client, server);
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Self { addr, open, cuts }
    }

    /// Closes every open connection and refuses new ones.
    pub fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        self.cuts.send_modify(|generation| *generation += 1);
    }

    /// Accepts connections again.
    pub fn restore(&self) {
        self.open.store(true, Ordering::SeqCst);
    }

    /// `database_url` pointed at this proxy instead of its host and port.
    pub fn url_for(&self, database_url: &str) -> String {
        let authority_start = database_url
            .find('@')
            .or_else(|| database_url.find("://").map(|at| at + 2));
        let start = authority_start.map_or(0, |at| at + 1);
        let end = database_url[start..]
            .find('/')
            .map_or(database_url.len(), |at| start + at);
        format!(
            "{}{}{}",
            &database_url[..start],
            self.addr,
            &database_url[end..]
        )
    }

    /// The host and port `database_url` names.
    pub fn target_of(database_url: &str) -> SocketAddr {
        let proxy_less = database_url.split('@').next_back().unwrap_or(database_url);
        let authority = proxy_less
            .trim_start_matches("postgres://")
            .split('/')
            .next()
            .unwrap_or("");
        let authority = if authority.contains(':') {
            authority.to_owned()
        } else {
            format!("{authority}:5432")
        };
        authority
            .replace("localhost", "127.0.0.1")
            .parse()
            .expect("database host:port")
    }
}

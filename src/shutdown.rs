//! The server's shutdown, announced to what must end by itself: open WebSockets, which poem's
//! graceful shutdown does not wait for, so they are counted here.

use std::time::Instant;

use tokio::sync::watch;

/// Tells long-lived connections that the server is stopping, and counts those still open;
/// cheap to clone.
#[derive(Clone, Debug)]
pub struct Shutdown {
    /// When the shutdown began, once it has.
    sender: watch::Sender<Option<Instant>>,
    open: watch::Sender<usize>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            sender: watch::channel(None).0,
            open: watch::channel(0).0,
        }
    }
}

impl Shutdown {
    /// Announces the shutdown.
    pub fn begin(&self) {
        self.sender.send_if_modified(|began| {
            let first = began.is_none();
            began.get_or_insert_with(Instant::now);
            first
        });
    }

    /// When the shutdown began, if it has.
    pub fn began_at(&self) -> Option<Instant> {
        *self.sender.borrow()
    }

    /// Resolves once the shutdown is announced (at once if it already is).
    pub async fn announced(&self) {
        let mut receiver = self.sender.subscribe();
        // An error means the sender is gone, which cannot happen while `self` holds it.
        let _ = receiver.wait_for(Option::is_some).await;
    }

    /// Counts a connection as open until the returned guard is dropped.
    pub fn hold(&self) -> Open {
        self.open.send_modify(|open| *open += 1);
        Open(self.open.clone())
    }

    /// Resolves once no connection is held open (at once if none is).
    pub async fn drained(&self) {
        let mut receiver = self.open.subscribe();
        let _ = receiver.wait_for(|open| *open == 0).await;
    }
}

/// An open connection, counted until dropped.
#[derive(Debug)]
pub struct Open(watch::Sender<usize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.send_modify(|open| *open -= 1);
    }
}

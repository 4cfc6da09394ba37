//! The server's shutdown, announced to what must end by itself: open WebSockets.

use tokio::sync::watch;

/// Tells long-lived connections that the server is stopping; cheap to clone.
#[derive(Clone, Debug)]
pub struct Shutdown {
    sender: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            sender: watch::channel(false).0,
        }
    }
}

impl Shutdown {
    /// Announces the shutdown.
    pub fn begin(&self) {
        self.sender.send_replace(true);
    }

    /// Resolves once the shutdown is announced (at once if it already is).
    pub async fn announced(&self) {
        let mut receiver = self.sender.subscribe();
        // An error means the sender is gone, which cannot happen while `self` holds it.
        let _ = receiver.wait_for(|stopping| *stopping).await;
    }
}

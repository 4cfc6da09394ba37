//! Indicator events, fanned out to subscribers.
//!
//! The event log in the database is the truth; the broker is a doorbell and a loudspeaker.
//! When rung, or every second in case a ring was missed, it reads the events it has not
//! published yet, once for all subscribers, and broadcasts them in order. Each subscription
//! has a bounded queue; a subscriber that falls behind is caught up from the store, so no
//! event is ever skipped, and none is delivered twice.
//!
//! The doorbell rings when the write side of this process commits a new data version, and on
//! PostgreSQL also on every `NOTIFY` that a commit sends, whichever replica made it: so a value
//! recorded through one replica reaches the subscribers of all. When the `LISTEN` connection
//! drops, the broker reconnects and reads the store, which holds whatever was recorded
//! meanwhile. Without `LISTEN` (`--pg-listen false`), other replicas' values arrive with the
//! next poll.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use futures_util::Stream;
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{DatabaseBackend, DatabaseConnection};
use tokio::sync::{Notify, Semaphore, broadcast, watch};

use crate::error::Result;
use crate::metrics::Metrics;
use crate::service::event::{self, Event};
use crate::service::value::version::DataVersion;
use crate::service::value::writer::EVENTS_CHANNEL;

/// Events read from the store per statement.
const PAGE: u64 = 500;
/// Events a subscription may fall behind by before it is caught up from the store.
const QUEUE: usize = 1024;
/// How often the store is read when nobody rings.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// Subscriptions reading the store at once. Thousands of subscribers reconnecting together
/// would otherwise take every pooled connection and starve the requests.
const CONCURRENT_CATCH_UPS: usize = 2;

/// Publishes new events to every subscription.
#[derive(Debug)]
pub struct Broker {
    db: DatabaseConnection,
    sender: broadcast::Sender<Arc<Event>>,
    /// The number of the last event published.
    head: AtomicI64,
    /// Rung by `NOTIFY` from any replica.
    doorbell: Notify,
    /// The versions this process's write side commits: its own doorbell.
    versions: watch::Receiver<DataVersion>,
    metrics: Arc<Metrics>,
    catch_ups: Semaphore,
}

impl Broker {
    /// A broker that publishes the events recorded from now on, running until the runtime
    /// stops, woken by `versions` (the write side's commits). On PostgreSQL, when `listen` is
    /// set, it also listens at `database_url` for commits of other replicas.
    pub fn start(
        db: DatabaseConnection,
        database_url: &str,
        listen: bool,
        versions: watch::Receiver<DataVersion>,
        metrics: Arc<Metrics>,
    ) -> Arc<Self> {
        let head = versions.borrow().head;
        let (sender, _) = broadcast::channel(QUEUE);
        let listens = listen && db.get_database_backend() == DatabaseBackend::Postgres;
        let broker = Arc::new(Self {
            db,
            sender,
            head: AtomicI64::new(head),
            doorbell: Notify::new(),
            versions,
            metrics,
            catch_ups: Semaphore::new(CONCURRENT_CATCH_UPS),
        });
        tokio::spawn(Arc::clone(&broker).publish_forever());
        if listens {
            tokio::spawn(Arc::clone(&broker).listen_forever(database_url.to_owned()));
        }
        broker
    }

    /// Says that new events may have been committed by another replica.
    fn ring(&self) {
        self.doorbell.notify_one();
    }

    /// The number of the last event published.
    pub fn head(&self) -> i64 {
        self.head.load(Ordering::Acquire)
    }

    /// Where a new subscription starts: after every event this process knows is committed,
    /// published or not yet. Taken when the server reads the subscription's request, so that
    /// an event committed after that is never missed.
    pub fn start_point(&self) -> i64 {
        self.head().max(self.versions.borrow().head)
    }

    /// Every event numbered after `after`, in order, then every new one as it is published.
    pub fn subscribe(
        self: &Arc<Self>,
        after: i64,
    ) -> impl Stream<Item = Result<Arc<Event>>> + use<> {
        let broker = Arc::clone(self);
        // Subscribing before reading the head means no event can fall between the two: an
        // event published since is in `live`, and one published before is in the store.
        let mut live = broker.sender.subscribe();
        let mut last = after;
        async_stream::try_stream! {
            // Only a subscriber behind the published head reads the store: a new one is not.
            let mut catching_up = last < broker.head();
            loop {
                if catching_up {
                    // Boxed: the read's future is large, and every subscription's stream
                    // would hold room for it, though most never catch up.
                    let page = Box::pin(broker.events_after(last)).await?;
                    catching_up = page.len() as u64 == PAGE;
                    for event in page {
                        last = event.seq;
                        yield Arc::new(event);
                    }
                    continue;
                }
                match live.recv().await {
                    Ok(event) if event.seq > last => {
                        last = event.seq;
                        yield event;
                    }
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        broker.metrics.catch_up();
                        tracing::debug!(missed, "a subscriber fell behind; catching it up from the store");
                        catching_up = true;
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        }
    }

    /// A page of the events after `seq`, read for one subscription, a few at a time.
    async fn events_after(&self, seq: i64) -> Result<Vec<Event>> {
        // The semaphore is never closed, so acquiring only waits.
        let _permit = self.catch_ups.acquire().await;
        event::after(&self.db, seq, PAGE).await
    }

    async fn publish_forever(self: Arc<Self>) {
        let mut versions = self.versions.clone();
        let mut writer_open = true;
        loop {
            tokio::select! {
                () = self.doorbell.notified() => {}
                changed = versions.changed(), if writer_open => writer_open = changed.is_ok(),
                () = tokio::time::sleep(POLL_EVERY) => {}
            }
            if let Err(error) = self.publish_new().await {
                tracing::warn!(%error, "cannot read new events; retrying");
            }
        }
    }

    /// Rings the doorbell on every notification of a commit, reconnecting when the connection
    /// drops; each (re)connection rings too, for what was committed while nobody listened.
    async fn listen_forever(self: Arc<Self>, database_url: String) {
        loop {
            match PgListener::connect(&database_url).await {
                Ok(mut listener) => match listener.listen(EVENTS_CHANNEL).await {
                    Ok(()) => {
                        self.ring();
                        loop {
                            match listener.try_recv().await {
                                Ok(Some(_)) => self.ring(),
                                // The connection dropped; the next call reconnects and listens again.
                                Ok(None) => {
                                    tracing::warn!("lost the LISTEN connection; reconnecting");
                                    self.ring();
                                }
                                Err(error) => {
                                    tracing::warn!(%error, "LISTEN failed; reconnecting");
                                    break;
                                }
                            }
                        }
                    }
                    Err(error) => tracing::warn!(%error, "cannot LISTEN for events; retrying"),
                },
                Err(error) => {
                    tracing::warn!(%error, "cannot connect to LISTEN for events; retrying")
                }
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    async fn publish_new(&self) -> Result<()> {
        loop {
            let page = event::after(&self.db, self.head(), PAGE).await?;
            let full = page.len() as u64 == PAGE;
            for event in page {
                self.head.store(event.seq, Ordering::Release);
                // No receiver is not an error: nobody is subscribed right now.
                let _ = self.sender.send(Arc::new(event));
            }
            if !full {
                return Ok(());
            }
        }
    }
}

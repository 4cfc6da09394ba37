//! The data version: what identifies the state of the served data, so that an answer computed
//! from one state is never taken for an answer about another.
//!
//! Every change of served data appends to the event log, which is append-only and numbered in
//! commit order: its newest event says which state a read sees. The event's number alone could
//! repeat for different data if a database were replaced by an older copy (a restored backup)
//! that then records other values; the moment its value was recorded, to the microsecond, tells
//! those apart. So a version never repeats for different data, across restarts and replicas.
//!
//! Loading a plan (`territoires import`) changes the catalogue, not the event log: the newest
//! plan and the moment it was loaded, to the microsecond, are the version's catalogue part, for
//! the same reasons.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tokio::runtime::Handle;
use tokio::sync::oneshot;

use crate::db::StatementCounter;
use crate::error::Result;

/// The newest event, its value's recording time, the newest plan and its load time; the same
/// SQL on both backends (no parameters).
const NEWEST: &str = "SELECT \
    (SELECT seq FROM indicator_event ORDER BY seq DESC LIMIT 1) AS head, \
    (SELECT v.recorded_at FROM indicator_event e JOIN indicator_value v ON v.id = e.value_id \
        ORDER BY e.seq DESC LIMIT 1) AS recorded_at, \
    (SELECT id FROM plan ORDER BY id DESC LIMIT 1) AS newest_plan, \
    (SELECT loaded_at FROM plan ORDER BY id DESC LIMIT 1) AS plan_loaded_at";

/// The state of the served data: the newest event of the log and the newest plan, if any.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DataVersion {
    /// The number of the newest event; 0 before the first.
    pub head: i64,
    /// When the newest event's value was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
    /// The id of the newest plan; 0 before the first.
    pub newest_plan: i32,
    /// When the newest plan was loaded (none for one an earlier version loaded).
    pub plan_loaded_at: Option<DateTime<Utc>>,
}

impl DataVersion {
    /// The version of the data stored now, in one statement: each part is the last row of
    /// a primary-key index (the newest event and its value, the newest plan).
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self> {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), NEWEST))
            .await?;
        let Some(row) = row else {
            return Ok(Self::default());
        };
        Ok(Self {
            head: row.try_get::<Option<i64>>("", "head")?.unwrap_or(0),
            recorded_at: row.try_get("", "recorded_at")?,
            newest_plan: row.try_get::<Option<i32>>("", "newest_plan")?.unwrap_or(0),
            plan_loaded_at: row.try_get("", "plan_loaded_at")?,
        })
    }

    /// Whether this version comes after `other`: the log and the catalogue only grow, so the
    /// order is that of (newest event, newest plan).
    pub fn is_newer_than(&self, other: &Self) -> bool {
        (self.head, self.newest_plan) > (other.head, other.newest_plan)
    }
}

/// Reads of the data version shared by concurrent callers, none staler than its caller: each
/// caller gets the answer of a read that started after it asked. Under load one statement
/// answers every caller that asked while the previous one ran, instead of one statement each;
/// alone, a caller waits for its own read as before.
#[derive(Debug)]
pub struct SharedReads {
    db: DatabaseConnection,
    waiting: Mutex<Waiting>,
    /// Where the reads run: the runtime of the requests, whichever runtime the first caller
    /// is on. WebSocket connections ask too, from the WebSocket runtime (a query or mutation
    /// sent over one, a subscription executed per subscriber); a read spawned there waited in
    /// its queue behind every subscriber an event had woken, and so did every request that
    /// asked meanwhile: a mutation recorded during a fan-out stalled for as long as the
    /// delivery of an event to every subscriber took (measured when each subscription render
    /// still asked for the version).
    runtime: Handle,
}

/// The callers waiting for the next read, and whether a reader is running.
#[derive(Debug, Default)]
struct Waiting {
    reading: bool,
    callers: Vec<oneshot::Sender<Option<DataVersion>>>,
}

impl SharedReads {
    /// Shared reads of the version stored in `db`, run on the runtime this is called on.
    pub fn new(db: DatabaseConnection) -> Arc<Self> {
        Arc::new(Self {
            db,
            waiting: Mutex::new(Waiting::default()),
            runtime: Handle::current(),
        })
    }

    /// The version stored now, as read after this call began; `None` when the store cannot
    /// say.
    pub async fn current(self: &Arc<Self>) -> Option<DataVersion> {
        let (sender, receiver) = oneshot::channel();
        let start_reader = {
            let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
            waiting.callers.push(sender);
            !std::mem::replace(&mut waiting.reading, true)
        };
        if start_reader {
            // A task of its own: a caller that goes away (its client hung up) must not take
            // the reader, which the others wait for, with it. Its statements serve requests,
            // and are counted as theirs.
            self.runtime.spawn(StatementCounter::serving(
                Arc::clone(self).read_while_asked(),
            ));
        }
        receiver.await.ok().flatten()
    }

    /// Reads for the callers waiting, again and again, until none is.
    async fn read_while_asked(self: Arc<Self>) {
        loop {
            let callers = {
                let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
                if waiting.callers.is_empty() {
                    waiting.reading = false;
                    return;
                }
                std::mem::take(&mut waiting.callers)
            };
            // Every caller taken above asked before this read starts.
            let version = match DataVersion::read(&self.db).await {
                Ok(version) => Some(version),
                Err(error) => {
                    tracing::warn!(%error, "the data version could not be read");
                    None
                }
            };
            for caller in callers {
                // A caller that went away no longer needs the answer.
                let _ = caller.send(version);
            }
        }
    }
}

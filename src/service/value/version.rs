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

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};

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

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
use entity::{indicator_event, indicator_value, plan};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::error::Result;

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
    /// The version of the data stored now: two indexed reads, of the newest event and of the
    /// newest plan (by primary key, each the last row of its index).
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self> {
        let newest = indicator_event::Entity::find()
            .find_also_related(indicator_value::Entity)
            .order_by_desc(indicator_event::Column::Seq)
            .one(db)
            .await?;
        let newest_plan = plan::Entity::find()
            .order_by_desc(plan::Column::Id)
            .one(db)
            .await?;
        let (head, recorded_at) = newest.map_or((0, None), |(event, value)| {
            (event.seq, value.map(|value| value.recorded_at))
        });
        Ok(Self {
            head,
            recorded_at,
            newest_plan: newest_plan.as_ref().map_or(0, |plan| plan.id),
            plan_loaded_at: newest_plan.and_then(|plan| plan.loaded_at),
        })
    }

    /// Whether this version comes after `other`: the log and the catalogue only grow, so the
    /// order is that of (newest event, newest plan).
    pub fn is_newer_than(&self, other: &Self) -> bool {
        (self.head, self.newest_plan) > (other.head, other.newest_plan)
    }
}

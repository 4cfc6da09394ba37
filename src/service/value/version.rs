//! The data version: what identifies the state of the served data, so that an answer computed
//! from one state is never taken for an answer about another.
//!
//! Every change of served data appends to the event log, which is append-only and numbered in
//! commit order: its newest event says which state a read sees. The event's number alone could
//! repeat for different data if a database were replaced by an older copy (a restored backup)
//! that then records other values; the moment its value was recorded, to the microsecond, tells
//! those apart. So a version never repeats for different data, across restarts and replicas.

use chrono::{DateTime, Utc};
use entity::{indicator_event, indicator_value};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::error::Result;

/// The state of the served data: the newest event of the log, if any.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DataVersion {
    /// The number of the newest event; 0 before the first.
    pub head: i64,
    /// When the newest event's value was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
}

impl DataVersion {
    /// The version of the data stored now: one indexed read of the newest event.
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self> {
        let newest = indicator_event::Entity::find()
            .find_also_related(indicator_value::Entity)
            .order_by_desc(indicator_event::Column::Seq)
            .one(db)
            .await?;
        Ok(newest.map_or_else(Self::default, |(event, value)| Self {
            head: event.seq,
            recorded_at: value.map(|value| value.recorded_at),
        }))
    }

    /// Whether this version comes after `other` in the log's order.
    pub fn is_newer_than(&self, other: &Self) -> bool {
        self.head > other.head
    }
}

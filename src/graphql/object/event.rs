//! `IndicatorValueEvent`: what a subscriber receives when a value is recorded.

use std::sync::Arc;

use async_graphql::{Object, Result};
use chrono::Utc;

use super::connection::{cursor_text, opaque_cursor};
use super::{IndicatorValue, Progress};
use crate::graphql::error::bad_input;
use crate::service::event::Event;

/// The cursor of event `seq`.
pub fn encode_event_cursor(seq: i64) -> String {
    opaque_cursor(&format!("event:{seq}"))
}

/// The event number an `after` cursor names, or a `BAD_USER_INPUT` error.
pub fn decode_event_cursor(cursor: &str) -> Result<i64> {
    cursor_text(cursor, "event:")
        .and_then(|seq| seq.parse().ok())
        .filter(|seq: &i64| *seq >= 0)
        .ok_or_else(|| {
            bad_input(format!(
                "{cursor:?} is not an event cursor: pass the `cursor` of an event this API sent"
            ))
        })
}

/// A value was recorded.
pub struct IndicatorValueEvent(pub Arc<Event>);

/// A value was recorded.
#[Object]
impl IndicatorValueEvent {
    /// Pass as `after` when reconnecting.
    async fn cursor(&self) -> String {
        encode_event_cursor(self.0.seq)
    }

    /// The value recorded.
    async fn value(&self) -> IndicatorValue {
        IndicatorValue(self.0.value.clone())
    }

    /// The progress of the value's indicator and region once it was recorded, judged today.
    async fn progress(&self) -> Result<Progress> {
        Ok(Progress::of(
            &self.0.indicator,
            self.0.latest.clone(),
            Utc::now().date_naive(),
        )?)
    }
}

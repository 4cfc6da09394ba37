//! `IndicatorValueEvent`: what a subscriber receives when a value is recorded.

use std::sync::Arc;

use async_graphql::{Object, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;

use super::{IndicatorValue, Progress};
use crate::graphql::error::bad_input;
use crate::service::event::Event;

/// The cursor of event `seq`.
pub fn encode_event_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("event:{seq}"))
}

/// The event number an `after` cursor names, or a `BAD_USER_INPUT` error.
pub fn decode_event_cursor(cursor: &str) -> Result<i64> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("event:").and_then(|seq| seq.parse().ok()))
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

//! `RecordIndicatorValueInput` and `RecordIndicatorValuePayload`.

use async_graphql::{ID, InputObject, SimpleObject};

use crate::graphql::error::bad_input;
use crate::graphql::global_id::{NodeKind, parse_global_id, small_key};
use crate::graphql::object::IndicatorValue;
use crate::graphql::scalar::{Date, Decimal};
use crate::service::value::record::{Naming, NewValue, Recorded};

/// A value to record.
#[derive(InputObject, Debug)]
pub struct RecordIndicatorValueInput {
    /// The indicator's `id`.
    pub indicator_id: ID,
    /// Omitted: the value for all of Québec.
    pub region_number: Option<i32>,
    /// The figure, in the indicator's unit: a percentage from 0 to 100, an amount of 0 or more,
    /// a whole count of 0 or more.
    pub value: Decimal,
    /// The date the value describes; at most one day after today.
    pub as_of: Date,
    /// Where the figure comes from (at most 500 characters).
    pub source: Option<String>,
    /// A remark (at most 2,000 characters).
    pub note: Option<String>,
    /// A retry with the same key and the same input returns the first result and records nothing new.
    /// Keys are per token, 1 to 255 characters.
    pub idempotency_key: Option<String>,
}

impl RecordIndicatorValueInput {
    /// The service's form of this input, or an error naming the input when its id is not an
    /// indicator's.
    pub fn into_new_value(self, naming: Naming, index: usize) -> async_graphql::Result<NewValue> {
        let indicator_id = match parse_global_id(&self.indicator_id) {
            Ok((NodeKind::Indicator, key)) => small_key(key),
            _ => None,
        };
        let Some(indicator_id) = indicator_id else {
            let at = match naming {
                Naming::Single => "input".to_owned(),
                Naming::Batch => format!("inputs[{index}]"),
            };
            return Err(bad_input(format!(
                "{at}: indicatorId {:?} is not an indicator's id; take ids from `indicators {{ id }}`",
                self.indicator_id.as_str()
            )));
        };
        Ok(NewValue {
            indicator_id,
            region_number: self.region_number,
            value: self.value.0,
            as_of: self.as_of.0,
            source: self.source,
            note: self.note,
            idempotency_key: self.idempotency_key,
        })
    }
}

/// A recorded value.
#[derive(SimpleObject)]
pub struct RecordIndicatorValuePayload {
    /// The value as recorded.
    pub value: IndicatorValue,
    /// True when this call was answered from an earlier call with the same idempotencyKey.
    pub replayed: bool,
}

impl From<Recorded> for RecordIndicatorValuePayload {
    fn from(recorded: Recorded) -> Self {
        Self {
            value: IndicatorValue(recorded.value),
            replayed: recorded.replayed,
        }
    }
}

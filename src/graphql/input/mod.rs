//! Input types, and the payloads that answer them.

mod priority_filter;
mod record_indicator_value;

pub use priority_filter::PriorityFilter;
pub use record_indicator_value::{RecordIndicatorValueInput, RecordIndicatorValuePayload};

//! `SeriesPoint`.

use async_graphql::SimpleObject;

use crate::graphql::scalar::{Date, Decimal};
use crate::service::value::series::Point;

/// One bucket of a chart series and the last value dated in it.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct SeriesPoint {
    /// First day of the bucket.
    pub bucket_start: Date,
    /// Last day of the bucket.
    pub bucket_end: Date,
    /// Null when the bucket has no value.
    pub value: Option<Decimal>,
    /// The asOf of the value shown.
    pub as_of: Option<Date>,
}

impl From<Point> for SeriesPoint {
    fn from(point: Point) -> Self {
        Self {
            bucket_start: Date(point.start),
            bucket_end: Date(point.end),
            value: point.value.map(|value| Decimal(value.0)),
            as_of: point.as_of.map(Date),
        }
    }
}

//! `Progress`.

use async_graphql::SimpleObject;
use chrono::NaiveDate;
use entity::{indicator, indicator_value};

use super::{IndicatorValue, ProgressStatus};
use crate::error::Error;
use crate::service::progress::standing;

/// Where an indicator stands against its target.
///
/// NO_DATA without a value; ACHIEVED when the latest value meets the comparator; MISSED when
/// not achieved and the target's period is over; otherwise ON_TRACK when the latest value is
/// at least the target prorated by the elapsed share of the period (a percentage must reach
/// the target itself), else AT_RISK. A one-time target's period runs from April 1 of the
/// plan's first year to its due date; an annual target's, over the fiscal year (April 1 to
/// March 31) of the latest value.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Progress {
    /// Latest value over target value; null without data.
    pub ratio: Option<f64>,
    /// Where the indicator stands.
    pub status: ProgressStatus,
    /// The value judged: the newest revision of the newest asOf.
    pub latest: Option<IndicatorValue>,
}

impl Progress {
    /// The progress of `indicator` whose latest value is `latest`, judged on `today`.
    pub fn of(
        indicator: &indicator::Model,
        latest: Option<indicator_value::Model>,
        today: NaiveDate,
    ) -> Result<Self, Error> {
        let standing = standing(indicator, latest.as_ref(), today)?;
        Ok(Self {
            ratio: standing.ratio,
            status: standing.status.into(),
            latest: latest.map(IndicatorValue),
        })
    }
}

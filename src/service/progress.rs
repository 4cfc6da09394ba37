//! Progress of an indicator against its target.
//!
//! The rule, as documented in the schema and the README:
//! - no value: `NO_DATA`;
//! - the comparator holds between the latest value and the target: `ACHIEVED`;
//! - the target's period is over: `MISSED`;
//! - otherwise `ON_TRACK` when the latest value reaches the target prorated by the elapsed
//!   share of the period (a percentage is not prorated: it must reach the target itself; an
//!   `AT_MOST` or `EQUAL` target must not be exceeded), else `AT_RISK`.
//!
//! A one-time target's period runs from the start of the plan's first fiscal year to its due
//! date; an annual target's period is the fiscal year (April 1 to March 31) of the latest
//! value.

use chrono::{Datelike, NaiveDate};
use entity::{indicator, indicator_value};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::vocabulary::{Comparator, Recurrence, Unit};
use crate::error::{Error, Result};

/// Where an indicator stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NoData,
    Achieved,
    OnTrack,
    AtRisk,
    Missed,
}

/// What a target asks for.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub value: Decimal,
    pub comparator: Comparator,
    pub unit: Unit,
    pub recurrence: Recurrence,
    pub starts_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// The latest value's figure and date.
#[derive(Clone, Copy, Debug)]
pub struct Latest {
    pub value: Decimal,
    pub as_of: NaiveDate,
}

/// An indicator's standing: its status and the ratio of its latest value to its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing {
    pub status: Status,
    pub ratio: Option<f64>,
}

/// The standing of `indicator` whose latest value is `latest`, judged on `today`.
pub fn standing(
    indicator: &indicator::Model,
    latest: Option<&indicator_value::Model>,
    today: NaiveDate,
) -> Result<Standing> {
    let target = target_of(indicator)?;
    let latest = latest.map(|value| Latest {
        value: value.value.0,
        as_of: value.as_of,
    });
    Ok(Standing {
        status: status(&target, latest, today),
        ratio: ratio(&target, latest),
    })
}

/// The target stored on `indicator`.
pub fn target_of(indicator: &indicator::Model) -> Result<Target> {
    let unreadable = |field: &str, text: &str| {
        Error::Database(sea_orm::DbErr::Type(format!(
            "indicator {} has {field} {text:?}",
            indicator.id
        )))
    };
    Ok(Target {
        value: indicator.target_value.0,
        comparator: Comparator::parse(&indicator.target_comparator)
            .ok_or_else(|| unreadable("comparator", &indicator.target_comparator))?,
        unit: Unit::parse(&indicator.unit).ok_or_else(|| unreadable("unit", &indicator.unit))?,
        recurrence: Recurrence::parse(&indicator.target_recurrence)
            .ok_or_else(|| unreadable("recurrence", &indicator.target_recurrence))?,
        starts_on: indicator.target_starts_on,
        due_on: indicator.target_due_on,
    })
}

/// Latest value over target value, when there is a value and the target is not zero.
pub fn ratio(target: &Target, latest: Option<Latest>) -> Option<f64> {
    let latest = latest?;
    if target.value.is_zero() {
        return None;
    }
    (latest.value / target.value).to_f64()
}

/// The status of `latest` against `target`, judged on `today`.
pub fn status(target: &Target, latest: Option<Latest>, today: NaiveDate) -> Status {
    let Some(latest) = latest else {
        return Status::NoData;
    };
    if holds(target.comparator, latest.value, target.value) {
        return Status::Achieved;
    }
    let Some((start, end)) = period(target, latest.as_of) else {
        // No published date: nothing to prorate against, nor a deadline to miss.
        return Status::AtRisk;
    };
    if today > end {
        return Status::Missed;
    }
    let on_track = match target.comparator {
        Comparator::AtLeast => latest.value >= prorated(target, start, end, today),
        Comparator::AtMost | Comparator::Equal => latest.value <= target.value,
    };
    if on_track {
        Status::OnTrack
    } else {
        Status::AtRisk
    }
}

fn holds(comparator: Comparator, value: Decimal, target: Decimal) -> bool {
    match comparator {
        Comparator::AtLeast => value >= target,
        Comparator::AtMost => value <= target,
        Comparator::Equal => value == target,
    }
}

/// The first and last day of the period the target applies to.
fn period(target: &Target, as_of: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    match target.recurrence {
        Recurrence::Annual => fiscal_year(as_of),
        Recurrence::None => target.due_on.map(|due| (target.starts_on, due)),
    }
}

/// The target scaled by the share of its period elapsed on `today`; percentages are not scaled.
fn prorated(target: &Target, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Decimal {
    if target.unit == Unit::Percent {
        return target.value;
    }
    let length = (end - start).num_days() + 1;
    let elapsed = ((today - start).num_days() + 1).clamp(0, length);
    target.value * Decimal::from(elapsed) / Decimal::from(length.max(1))
}

/// The fiscal year (April 1 to March 31) that contains `date`.
pub fn fiscal_year(date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first_year = if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    };
    Some((
        NaiveDate::from_ymd_opt(first_year, 4, 1)?,
        NaiveDate::from_ymd_opt(first_year + 1, 3, 31)?,
    ))
}

/// "2018-2019" for a date from 2018-04-01 to 2019-03-31.
pub fn fiscal_year_label(date: NaiveDate) -> String {
    let first_year = if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{first_year}-{}", first_year + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn amount_due_march_2019() -> Target {
        Target {
            value: Decimal::from(1182),
            comparator: Comparator::AtLeast,
            unit: Unit::MillionCad,
            recurrence: Recurrence::None,
            starts_on: day("2018-04-01"),
            due_on: Some(day("2019-03-31")),
        }
    }

    fn latest(value: i64, as_of: &str) -> Option<Latest> {
        Some(Latest {
            value: Decimal::from(value),
            as_of: day(as_of),
        })
    }

    #[test]
    fn prorates_a_one_time_target_over_its_period() {
        let target = amount_due_march_2019();
        // 2018-09-30 is day 183 of 365: the prorated target is 1182 × 183 / 365 ≈ 592.6.
        assert_eq!(
            status(&target, latest(600, "2018-09-30"), day("2018-09-30")),
            Status::OnTrack
        );
        assert_eq!(
            status(&target, latest(590, "2018-09-30"), day("2018-09-30")),
            Status::AtRisk
        );
        assert_eq!(
            status(&target, latest(1182, "2019-01-31"), day("2019-02-01")),
            Status::Achieved
        );
        assert_eq!(
            status(&target, latest(1000, "2019-03-31"), day("2019-04-01")),
            Status::Missed
        );
        assert_eq!(status(&target, None, day("2019-04-01")), Status::NoData);
    }

    #[test]
    fn does_not_prorate_a_percentage() {
        let target = Target {
            value: Decimal::from(85),
            unit: Unit::Percent,
            ..amount_due_march_2019()
        };
        assert_eq!(
            status(&target, latest(84, "2018-05-01"), day("2018-05-01")),
            Status::AtRisk
        );
        assert_eq!(
            status(&target, latest(86, "2018-05-01"), day("2018-05-01")),
            Status::Achieved
        );
    }

    #[test]
    fn judges_an_annual_target_within_the_fiscal_year_of_the_value() {
        let target = Target {
            value: Decimal::from(50),
            unit: Unit::Count,
            recurrence: Recurrence::Annual,
            due_on: None,
            ..amount_due_march_2019()
        };
        // 2019-10-01 is day 184 of fiscal 2019-2020 (366 days): the prorated target is ≈ 25.1.
        assert_eq!(
            status(&target, latest(26, "2019-10-01"), day("2019-10-01")),
            Status::OnTrack
        );
        assert_eq!(
            status(&target, latest(20, "2019-10-01"), day("2019-10-01")),
            Status::AtRisk
        );
        assert_eq!(
            status(&target, latest(20, "2019-10-01"), day("2020-04-01")),
            Status::Missed
        );
    }

    #[test]
    fn computes_the_ratio() {
        let target = amount_due_march_2019();
        assert_eq!(ratio(&target, latest(591, "2018-09-30")), Some(0.5));
        assert_eq!(ratio(&target, None), None);
    }

    #[test]
    fn labels_fiscal_years() {
        assert_eq!(fiscal_year_label(day("2018-04-01")), "2018-2019");
        assert_eq!(fiscal_year_label(day("2019-03-31")), "2018-2019");
        assert_eq!(fiscal_year_label(day("2019-04-01")), "2019-2020");
    }
}

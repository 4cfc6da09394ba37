//! Time-bucketed series for charts: the last current value of each bucket, computed in SQL.

use chrono::{Datelike, Months, NaiveDate};
use entity::ExactDecimal;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::Scope;
use super::sql::Sql;
use crate::error::{Error, Result};

/// The most buckets one series may span (a century of months).
pub const MAX_BUCKETS: i64 = 1200;

/// How a series groups dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Month,
    Quarter,
    /// April 1 to March 31.
    FiscalYear,
}

/// One bucket of a series and the last value dated in it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub value: Option<ExactDecimal>,
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, FromQueryResult)]
struct BucketRow {
    bucket: i64,
    value: ExactDecimal,
    as_of: NaiveDate,
}

/// The oldest and newest dates of a scope's values.
#[derive(Debug, FromQueryResult)]
struct Span {
    oldest: Option<NaiveDate>,
    newest: Option<NaiveDate>,
}

/// The series of `scope` by `bucket`, oldest bucket first, from the bucket of `from` (default:
/// of the first value) to the bucket of `to` (default: of the last value); a bucket with no
/// value has none.
///
/// A bucket's value is the current revision of its newest date: the first entry of one
/// backward index seek per bucket (the index orders a date's revisions by id), whatever the
/// number of values in it. (Ranking every value of the range with a window function took 0.5
/// to 2 s on the benchmark's 55,000 values a region; a seek for the date and another for its
/// revision cost 15% more instructions a series, callgrind.)
pub async fn series(
    db: &impl ConnectionTrait,
    scope: &Scope,
    bucket: Bucket,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Point>> {
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Error::BadInput(format!("from ({from}) is after to ({to})")));
    }
    let (from, to) = match (from, to) {
        (Some(from), Some(to)) => (from, to),
        _ => {
            let span = span(db, scope).await?;
            match (from.or(span.oldest), to.or(span.newest)) {
                (Some(from), Some(to)) => (from, to),
                _ => return Ok(Vec::new()),
            }
        }
    };
    let (first, last) = (bucket_of(bucket, from), bucket_of(bucket, to));
    if last < first {
        return Ok(Vec::new());
    }
    if last - first + 1 > MAX_BUCKETS {
        return Err(Error::BadInput(format!(
            "the series would have {} buckets; narrow from/to to at most {MAX_BUCKETS}",
            last - first + 1
        )));
    }
    // Placeholders are numbered in the order they appear (SQLite's `?`): the buckets', then
    // the scope's.
    let mut sql = Sql::new(db.get_database_backend());
    let buckets: Vec<String> = (first..=last)
        .map(|index| {
            format!(
                "({}, {}, {})",
                sql.param(index),
                sql.param(bucket_start(bucket, index)),
                sql.param(bucket_end(bucket, index))
            )
        })
        .collect();
    let scope = sql.scope_filters("v", scope).join(" AND ");
    let text = format!(
        "WITH buckets(bucket, first_day, last_day) AS (VALUES {}) \
         SELECT b.bucket AS bucket, w.value AS value, w.as_of AS as_of \
         FROM buckets b JOIN indicator_value w ON w.id = (\
           SELECT v.id FROM indicator_value v WHERE {scope} \
           AND v.as_of >= b.first_day AND v.as_of <= b.last_day \
           ORDER BY v.as_of DESC, v.id DESC LIMIT 1\
         ) ORDER BY b.bucket",
        buckets.join(", ")
    );
    let rows = BucketRow::find_by_statement(sql.statement(text))
        .all(db)
        .await?;
    let mut rows = rows.into_iter().peekable();
    let mut points = Vec::new();
    for index in first..=last {
        let row = rows.next_if(|row| row.bucket == index);
        points.push(Point {
            start: bucket_start(bucket, index),
            end: bucket_end(bucket, index),
            value: row.as_ref().map(|row| row.value),
            as_of: row.map(|row| row.as_of),
        });
    }
    Ok(points)
}

/// The oldest and newest dates of `scope`'s values: two index seeks.
async fn span(db: &impl ConnectionTrait, scope: &Scope) -> Result<Span> {
    let mut sql = Sql::new(db.get_database_backend());
    let oldest = sql.scope_filters("v", scope).join(" AND ");
    let newest = sql.scope_filters("v", scope).join(" AND ");
    let text = format!(
        "SELECT \
         (SELECT v.as_of FROM indicator_value v WHERE {oldest} ORDER BY v.as_of LIMIT 1) AS oldest, \
         (SELECT v.as_of FROM indicator_value v WHERE {newest} ORDER BY v.as_of DESC LIMIT 1) AS newest"
    );
    let span = Span::find_by_statement(sql.statement(text)).one(db).await?;
    Ok(span.unwrap_or(Span {
        oldest: None,
        newest: None,
    }))
}

/// The number of `date`'s bucket: months and quarters since year 0, or the fiscal year's
/// first calendar year.
fn bucket_of(bucket: Bucket, date: NaiveDate) -> i64 {
    let (year, month) = (i64::from(date.year()), i64::from(date.month()));
    match bucket {
        Bucket::Month => year * 12 + month - 1,
        Bucket::Quarter => year * 4 + (month - 1) / 3,
        Bucket::FiscalYear => year - i64::from(month < 4),
    }
}

/// The first day of bucket `index`.
fn bucket_start(bucket: Bucket, index: i64) -> NaiveDate {
    let (year, month0) = match bucket {
        Bucket::Month => (index.div_euclid(12), index.rem_euclid(12)),
        Bucket::Quarter => (index.div_euclid(4), index.rem_euclid(4) * 3),
        Bucket::FiscalYear => (index, 3),
    };
    let year = i32::try_from(year).unwrap_or(i32::MAX);
    let month = u32::try_from(month0 + 1).unwrap_or(1);
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MAX)
}

/// The last day of bucket `index`.
fn bucket_end(bucket: Bucket, index: i64) -> NaiveDate {
    let months = match bucket {
        Bucket::Month => 1,
        Bucket::Quarter => 3,
        Bucket::FiscalYear => 12,
    };
    let start = bucket_start(bucket, index);
    start
        .checked_add_months(Months::new(months))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn buckets_round_trip() {
        for (bucket, date, start, end) in [
            (Bucket::Month, "2019-02-14", "2019-02-01", "2019-02-28"),
            (Bucket::Quarter, "2019-05-14", "2019-04-01", "2019-06-30"),
            (Bucket::FiscalYear, "2019-03-31", "2018-04-01", "2019-03-31"),
            (Bucket::FiscalYear, "2019-04-01", "2019-04-01", "2020-03-31"),
        ] {
            let index = bucket_of(bucket, day(date));
            assert_eq!(
                (bucket_start(bucket, index), bucket_end(bucket, index)),
                (day(start), day(end)),
                "{bucket:?} {date}"
            );
        }
    }
}

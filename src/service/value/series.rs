//! Time-bucketed series for charts: the last current value of each bucket, computed in SQL.

use chrono::{Datelike, Months, NaiveDate};
use entity::ExactDecimal;
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult};

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

/// The series of `scope` by `bucket`, oldest bucket first, from the bucket of `from` (default:
/// of the first value) to the bucket of `to` (default: of the last value); a bucket with no
/// value has none.
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
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    let index = bucket_index(backend, bucket);
    let mut filters = sql.scope_filters(scope);
    let mut corrections = "c.supersedes_id = v.id".to_owned();
    if let Some(known_at) = scope.known_at {
        corrections.push_str(&format!(" AND c.recorded_at <= {}", sql.param(known_at)));
    }
    if let Some(from) = from {
        filters.push(format!(
            "v.as_of >= {}",
            sql.param(bucket_start(bucket, bucket_of(bucket, from)))
        ));
    }
    if let Some(to) = to {
        filters.push(format!(
            "v.as_of <= {}",
            sql.param(bucket_end(bucket, bucket_of(bucket, to)))
        ));
    }
    // The newest date in each bucket wins; within a date, the current (newest) revision.
    let text = format!(
        "SELECT bucket, value, as_of FROM (\
           SELECT {index} AS bucket, v.value AS value, v.as_of AS as_of, \
                  ROW_NUMBER() OVER (PARTITION BY {index} ORDER BY v.as_of DESC, v.id DESC) AS position \
           FROM indicator_value v \
           WHERE {} AND NOT EXISTS (SELECT 1 FROM indicator_value c WHERE {corrections})\
         ) AS ranked WHERE position = 1 ORDER BY bucket",
        filters.join(" AND ")
    );
    let rows = BucketRow::find_by_statement(sql.statement(text))
        .all(db)
        .await?;
    let first = from
        .map(|from| bucket_of(bucket, from))
        .or(rows.first().map(|row| row.bucket));
    let last = to
        .map(|to| bucket_of(bucket, to))
        .or(rows.last().map(|row| row.bucket));
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    if last - first + 1 > MAX_BUCKETS {
        return Err(Error::BadInput(format!(
            "the series would have {} buckets; narrow from/to to at most {MAX_BUCKETS}",
            last - first + 1
        )));
    }
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

/// SQL numbering a date's bucket: months and quarters since year 0, or the fiscal year's
/// first calendar year.
fn bucket_index(backend: DatabaseBackend, bucket: Bucket) -> String {
    let (year, month) = match backend {
        DatabaseBackend::Postgres => (
            "CAST(EXTRACT(YEAR FROM v.as_of) AS BIGINT)",
            "CAST(EXTRACT(MONTH FROM v.as_of) AS BIGINT)",
        ),
        _ => (
            "CAST(strftime('%Y', v.as_of) AS INTEGER)",
            "CAST(strftime('%m', v.as_of) AS INTEGER)",
        ),
    };
    match bucket {
        Bucket::Month => format!("({year} * 12 + {month} - 1)"),
        Bucket::Quarter => format!("({year} * 4 + ({month} - 1) / 3)"),
        Bucket::FiscalYear => format!("({year} - CASE WHEN {month} < 4 THEN 1 ELSE 0 END)"),
    }
}

/// The bucket index of `date`, as [`bucket_index`] computes it in SQL.
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

//! The contract's scalars: `Date`, `DateTime` and `Decimal`, each serialized as a string.

use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// ISO 8601 calendar date: "2019-03-31".
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "{text:?} is not a date: use YYYY-MM-DD, like \"2019-03-31\""
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        // A date's `Display` is YYYY-MM-DD, written directly rather than through a format
        // string, which an uncached dashboard (216 dates) paid 1.7% of its instructions for.
        Value::String(self.0.to_string())
    }
}

/// An instant in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// RFC 3339 timestamp with offset: "2019-03-31T23:59:59Z".
#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|instant| DateTime(instant.with_timezone(&Utc)))
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "{text:?} is not an RFC 3339 timestamp with offset, like \"2019-03-31T23:59:59Z\""
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// An exact decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

/// Exact decimal number, serialized as a JSON string: "1182", "85.5".
#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        let text = match &value {
            Value::String(text) => text.clone(),
            // Accepted for convenience; a JSON number may already have lost digits on its way.
            Value::Number(number) => number.to_string(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        rust_decimal::Decimal::from_str(text.trim())
            .map(Decimal)
            .map_err(|_| {
                InputValueError::custom(format!(
                    "{text:?} is not a decimal number, like \"1182\" or \"85.5\""
                ))
            })
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.normalize().to_string())
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::ScalarType;

    use super::*;

    #[test]
    fn a_date_is_written_yyyy_mm_dd() {
        for (year, month, day, written) in [
            (2018, 9, 30, "2018-09-30"),
            (2020, 3, 1, "2020-03-01"),
            (999, 1, 5, "0999-01-05"),
            (1, 12, 31, "0001-12-31"),
        ] {
            let date = NaiveDate::from_ymd_opt(year, month, day).expect("a date");
            assert_eq!(Date(date).to_value(), Value::String(written.to_owned()));
        }
    }
}

//! A decimal column that stays exact on every backend.
//!
//! SeaORM reads `rust_decimal::Decimal` from SQLite through an `f64`, which silently rounds
//! ("0.1" comes back as 0.1000000000000000055…). Values and targets are published figures, so
//! they are stored as canonical text on SQLite and as `numeric` on PostgreSQL, and this type
//! reads each of them without passing through a float.

use std::str::FromStr;

use rust_decimal::Decimal;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable, Value};

/// An exact decimal number as stored in a `text` (SQLite) or `numeric` (PostgreSQL) column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExactDecimal(pub Decimal);

impl From<Decimal> for ExactDecimal {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl From<ExactDecimal> for Decimal {
    fn from(value: ExactDecimal) -> Self {
        value.0
    }
}

impl From<ExactDecimal> for Value {
    fn from(value: ExactDecimal) -> Self {
        // Bound as a decimal: sqlx sends it as text to SQLite and as numeric to PostgreSQL.
        Value::Decimal(Some(value.0))
    }
}

impl Nullable for ExactDecimal {
    fn null() -> Value {
        Value::Decimal(None)
    }
}

impl TryGetable for ExactDecimal {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        if res.try_as_sqlite_row().is_some() {
            let text = String::try_get_by(res, index)?;
            Decimal::from_str(&text).map(Self).map_err(|error| {
                TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                    "stored decimal {text:?} is not a number: {error}"
                )))
            })
        } else {
            Decimal::try_get_by(res, index).map(Self)
        }
    }
}

impl ValueType for ExactDecimal {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        match value {
            Value::Decimal(Some(decimal)) => Ok(Self(decimal)),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "ExactDecimal".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::Decimal
    }

    fn column_type() -> ColumnType {
        ColumnType::Decimal(None)
    }
}

//! The query string of `GET /values.csv`, checked: each parameter optional, the same filters
//! as `Indicator.values`, and any other name refused so a typo does not export everything.

use std::collections::HashMap;
use std::str::FromStr;

use async_graphql::ID;
use chrono::{DateTime, NaiveDate, Utc};

use crate::graphql::global_id::{NodeKind, parse_global_id_of, small_key};

/// The parameters `GET /values.csv` accepts.
const ALLOWED: &str = "indicator, region, from, to, knownAt, includeSuperseded";

/// Which scopes an export holds. An open-data file is the whole record unless asked for less,
/// so no `region` means every scope; `region=` (empty, as the import writes all of Québec)
/// means all of Québec alone, as `Indicator.values` without a region.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RegionChoice {
    /// All of Québec, then each region in number order.
    #[default]
    Every,
    /// All of Québec only.
    Quebec,
    /// The region with this number.
    Region(i32),
}

/// The filters of an export, as the client wrote them (the region as its number).
#[derive(Clone, Debug, Default)]
pub struct ValuesQuery {
    pub indicator_id: Option<i32>,
    pub region: RegionChoice,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub known_at: Option<DateTime<Utc>>,
    pub include_superseded: bool,
}

impl ValuesQuery {
    /// The filters in `params`, or a message saying which one is wrong and what is allowed.
    pub fn parse(params: &HashMap<String, String>) -> Result<Self, String> {
        let mut query = Self::default();
        for (name, value) in params {
            match name.as_str() {
                "indicator" => {
                    let id = parse_global_id_of(&ID(value.clone()), NodeKind::Indicator)
                        .map_err(|error| format!("indicator: {}", error.message))?;
                    query.indicator_id = Some(small_key(id).ok_or_else(|| {
                        format!("indicator {value:?} is not an indicator of this API")
                    })?);
                }
                "region" if value.is_empty() => query.region = RegionChoice::Quebec,
                "region" => {
                    query.region = RegionChoice::Region(value.parse().map_err(|_| {
                        format!(
                            "region {value:?} is not a region number: use 1 to 18, leave it empty \
                             for all of Québec alone, or omit it for every region"
                        )
                    })?);
                }
                "from" => query.from = Some(date(name, value)?),
                "to" => query.to = Some(date(name, value)?),
                "knownAt" => {
                    query.known_at = Some(
                        DateTime::parse_from_rfc3339(value)
                            .map_err(|_| {
                                format!(
                                    "knownAt {value:?} is not a date and time: use RFC 3339, like 2019-06-01T00:00:00Z"
                                )
                            })?
                            .with_timezone(&Utc),
                    );
                }
                "includeSuperseded" => {
                    query.include_superseded = bool::from_str(value).map_err(|_| {
                        format!("includeSuperseded {value:?} is not a boolean: use true or false")
                    })?;
                }
                _ => {
                    return Err(format!(
                        "{name:?} is not a parameter of /values.csv: use {ALLOWED}"
                    ));
                }
            }
        }
        Ok(query)
    }
}

/// `value` as the ISO date parameter `name`.
fn date(name: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::from_str(value)
        .map_err(|_| format!("{name} {value:?} is not a date: use YYYY-MM-DD, like 2019-03-31"))
}

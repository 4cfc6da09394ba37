//! The plan data file format (TOML), as shipped in `data/iq-ovt-2018-2020.toml`, and its checks.
//!
//! A file is checked whole before anything is written: a bad file is refused with an error
//! that names the place and field that are wrong.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::service::vocabulary::{Comparator, Recurrence, ThemeKey, Unit};

/// The plan shipped with the server, loaded on first start.
pub const SHIPPED_PLAN: &str = include_str!("../data/iq-ovt-2018-2020.toml");

/// The numbers the strategy gives its regions.
pub const REGION_NUMBERS: RangeInclusive<i32> = 1..=18;

/// A whole plan data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanData {
    pub plan: PlanInfo,
    pub themes: Vec<ThemeData>,
    pub regions: Vec<RegionData>,
    pub actions: Vec<ActionData>,
}

/// The plan's identity and publication.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo {
    pub slug: String,
    pub title: String,
    pub organization: String,
    pub start_year: i32,
    pub end_year: i32,
    #[serde(default, deserialize_with = "optional_date")]
    pub published_on: Option<NaiveDate>,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
}

/// A theme and the plan's response to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeData {
    pub key: ThemeKey,
    pub name: String,
    pub response: String,
}

/// A region of the strategy and its priorities that the plan targets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionData {
    pub number: i32,
    pub name: String,
    pub slug: String,
    pub admin_region_code: String,
    #[serde(default)]
    pub priorities: Vec<PriorityData>,
}

/// A priority with the passage the plan quotes and its themes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityData {
    pub number: i32,
    pub title: String,
    pub excerpt: String,
    pub themes: Vec<PriorityThemeData>,
}

/// A priority's theme, with the priority's own words that justify it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityThemeData {
    pub key: ThemeKey,
    pub because: String,
}

/// An action of the plan's summary table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionData {
    pub number: i32,
    pub title: String,
    pub themes: Vec<ThemeKey>,
    /// As published: "1, 2, 4, 6, 7, 10 à 15, 17 et 18".
    pub region_list: String,
    pub indicator: IndicatorData,
}

/// An action's indicator and target.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorData {
    pub name: String,
    pub unit: Unit,
    #[serde(with = "rust_decimal::serde::str")]
    pub target_value: Decimal,
    pub target_comparator: Comparator,
    #[serde(default, deserialize_with = "optional_date")]
    pub target_due_on: Option<NaiveDate>,
    pub target_recurrence: Recurrence,
    pub target_label: String,
    /// The action whose indicator's total includes this one.
    pub part_of_action: Option<i32>,
    pub footnote: Option<String>,
}

/// April 1 of `year`: the first day of Québec's fiscal year `year`-`year + 1`.
pub fn fiscal_year_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 4, 1)
}

/// Parses and checks a plan data file.
pub fn parse(text: &str) -> Result<PlanData, String> {
    let data: PlanData = toml::from_str(text).map_err(|error| error.to_string())?;
    data.check()?;
    Ok(data)
}

/// Parses a published region list: "1 à 18", "4, 5, 7, 8, 12, 13, 14 et 15".
pub fn parse_region_list(list: &str) -> Result<Vec<i32>, String> {
    let mut numbers = Vec::new();
    for item in list.split([',']).flat_map(|part| part.split(" et ")) {
        let item = item.trim();
        let (first, last) = match item.split_once(" à ") {
            Some((first, last)) => (first.trim(), last.trim()),
            None => (item, item),
        };
        let parse = |text: &str| {
            text.parse::<i32>()
                .map_err(|_| format!("{text:?} in region list {list:?} is not a region number"))
        };
        let (first, last) = (parse(first)?, parse(last)?);
        if first > last || !REGION_NUMBERS.contains(&first) || !REGION_NUMBERS.contains(&last) {
            return Err(format!(
                "{item:?} in region list {list:?} is not a range of regions 1 to 18"
            ));
        }
        numbers.extend(first..=last);
    }
    let mut seen = HashSet::new();
    if let Some(repeated) = numbers.iter().find(|number| !seen.insert(**number)) {
        return Err(format!(
            "region {repeated} appears twice in region list {list:?}"
        ));
    }
    Ok(numbers)
}

impl PlanData {
    fn check(&self) -> Result<(), String> {
        let theme_keys: HashSet<ThemeKey> = self.themes.iter().map(|theme| theme.key).collect();
        if theme_keys.len() != self.themes.len() {
            return Err("themes: a theme key appears twice".to_owned());
        }
        let mut region_numbers = HashSet::new();
        for region in &self.regions {
            let at = format!("regions[number = {}]", region.number);
            if !REGION_NUMBERS.contains(&region.number) || !region_numbers.insert(region.number) {
                return Err(format!("{at}.number: must be unique and from 1 to 18"));
            }
            let mut priority_numbers = HashSet::new();
            for priority in &region.priorities {
                let at = format!("{at}.priorities[number = {}]", priority.number);
                if !priority_numbers.insert(priority.number) {
                    return Err(format!("{at}.number: appears twice in the region"));
                }
                if priority.themes.is_empty() {
                    return Err(format!("{at}.themes: a priority needs at least one theme"));
                }
                for theme in &priority.themes {
                    if !theme_keys.contains(&theme.key) {
                        return Err(format!(
                            "{at}.themes.key: {} is not a theme of the plan",
                            theme.key.as_str()
                        ));
                    }
                    if !priority.title.contains(&theme.because)
                        && !priority.excerpt.contains(&theme.because)
                    {
                        return Err(format!(
                            "{at}.themes.because: {:?} is not quoted from the priority's title or excerpt",
                            theme.because
                        ));
                    }
                }
            }
        }
        let action_numbers: HashSet<i32> =
            self.actions.iter().map(|action| action.number).collect();
        if action_numbers.len() != self.actions.len() {
            return Err("actions: an action number appears twice".to_owned());
        }
        for action in &self.actions {
            let at = format!("actions[number = {}]", action.number);
            for region in parse_region_list(&action.region_list)
                .map_err(|error| format!("{at}.region_list: {error}"))?
            {
                if !region_numbers.contains(&region) {
                    return Err(format!(
                        "{at}.region_list: region {region} is not in the file"
                    ));
                }
            }
            if let Some(key) = action.themes.iter().find(|key| !theme_keys.contains(key)) {
                return Err(format!(
                    "{at}.themes: {} is not a theme of the plan",
                    key.as_str()
                ));
            }
            if let Some(whole) = action.indicator.part_of_action
                && (whole == action.number || !action_numbers.contains(&whole))
            {
                return Err(format!(
                    "{at}.indicator.part_of_action: no other action numbered {whole}"
                ));
            }
        }
        Ok(())
    }
}

/// Reads a TOML local date (`2019-03-31`) into a `NaiveDate`.
fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let Some(datetime) = Option::<toml::value::Datetime>::deserialize(deserializer)? else {
        return Ok(None);
    };
    match (datetime.date, datetime.time, datetime.offset) {
        (Some(date), None, None) => {
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                .map(Some)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("{datetime} is not a calendar date"))
                })
        }
        _ => Err(serde::de::Error::custom(format!(
            "{datetime} must be a date alone, like 2019-03-31"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_published_region_lists() {
        assert_eq!(
            parse_region_list("1 à 18").unwrap(),
            (1..=18).collect::<Vec<_>>()
        );
        assert_eq!(
            parse_region_list("1, 2, 4, 6, 7, 10 à 15, 17 et 18").unwrap(),
            vec![1, 2, 4, 6, 7, 10, 11, 12, 13, 14, 15, 17, 18]
        );
        assert_eq!(
            parse_region_list("4, 5, 7, 8, 12, 13, 14 et 15").unwrap(),
            vec![4, 5, 7, 8, 12, 13, 14, 15]
        );
    }

    #[test]
    fn refuses_malformed_region_lists() {
        assert!(parse_region_list("1 à 19").unwrap_err().contains("1 to 18"));
        assert!(
            parse_region_list("deux")
                .unwrap_err()
                .contains("not a region number")
        );
        assert!(parse_region_list("1, 1").unwrap_err().contains("twice"));
    }

    #[test]
    fn the_shipped_plan_passes_its_checks() {
        let plan = parse(SHIPPED_PLAN).unwrap();
        assert_eq!(plan.regions.len(), 18);
        assert_eq!(plan.actions.len(), 6);
    }
}

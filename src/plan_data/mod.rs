//! The plan data file format (TOML), as shipped in `data/iq-ovt-2018-2020.toml`, and its checks.
//!
//! A file is checked whole before anything is written: a bad file is refused with an error
//! that names the place and field that are wrong. `check` holds the checks of each part;
//! `summary_table` the rule by which the plan's summary table decides theme links.

mod check;
mod region_list;
mod summary_table;

use std::ops::RangeInclusive;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

pub use region_list::parse_region_list;

use crate::service::vocabulary::{
    Comparator, ParagraphKind, Recurrence, ThemeKey, ThemeLinkBasis, Unit,
};

/// The plan shipped with the server, loaded on first start.
pub const SHIPPED_PLAN: &str = include_str!("../../data/iq-ovt-2018-2020.toml");

/// The numbers the strategy gives its regions.
pub const REGION_NUMBERS: RangeInclusive<i32> = 1..=18;

/// A whole plan data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanData {
    pub plan: PlanInfo,
    /// The plan's own texts, in the plan's order.
    #[serde(default)]
    pub sections: Vec<SectionData>,
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

/// A section of the plan's own text: its heading as printed, its paragraphs and its
/// sub-sections, in the plan's order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionData {
    /// Stable key, unique in the plan, in upper-case words joined by '_'.
    pub key: String,
    pub title: String,
    /// The key of the section elsewhere in the plan that announces this one.
    pub introduced_by: Option<String>,
    #[serde(default)]
    pub paragraphs: Vec<ParagraphData>,
    #[serde(default)]
    pub sections: Vec<SectionData>,
}

/// A paragraph: a string for text, `{ list_item = "…" }` for an item of a bulleted list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ParagraphData {
    Text(String),
    ListItem(ListItemData),
}

/// An item of a bulleted list, without its bullet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListItemData {
    pub list_item: String,
}

impl ParagraphData {
    /// What the paragraph is.
    pub fn kind(&self) -> ParagraphKind {
        match self {
            Self::Text(_) => ParagraphKind::Text,
            Self::ListItem(_) => ParagraphKind::ListItem,
        }
    }

    /// Its text as published.
    pub fn text(&self) -> &str {
        match self {
            Self::Text(text) => text,
            Self::ListItem(item) => &item.list_item,
        }
    }
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
    pub themes: Vec<ThemeLinkData>,
}

/// A link to a theme, its basis, and the words quoted for it: from the priority's title or
/// excerpt for a priority's link, from the theme's response for an action's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeLinkData {
    pub key: ThemeKey,
    pub basis: ThemeLinkBasis,
    pub because: Option<String>,
}

/// An action of the plan's summary table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionData {
    pub number: i32,
    pub title: String,
    pub themes: Vec<ThemeLinkData>,
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

impl PlanData {
    /// Every section, sub-sections included, in the plan's order, each with its parent.
    pub fn sections_in_order(&self) -> Vec<(Option<&SectionData>, &SectionData)> {
        fn walk<'a>(
            parent: Option<&'a SectionData>,
            sections: &'a [SectionData],
            into: &mut Vec<(Option<&'a SectionData>, &'a SectionData)>,
        ) {
            for section in sections {
                into.push((parent, section));
                walk(Some(section), &section.sections, into);
            }
        }
        let mut all = Vec::new();
        walk(None, &self.sections, &mut all);
        all
    }
}

/// April 1 of `year`: the first day of Québec's fiscal year `year`-`year + 1`.
pub fn fiscal_year_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 4, 1)
}

/// Parses and checks a plan data file.
pub fn parse(text: &str) -> Result<PlanData, String> {
    let data: PlanData = toml::from_str(text).map_err(|error| error.to_string())?;
    check::check(&data)?;
    summary_table::check(&data)?;
    Ok(data)
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
    fn the_shipped_plan_passes_its_checks() {
        let plan = parse(SHIPPED_PLAN).unwrap();
        assert_eq!(plan.regions.len(), 18);
        assert_eq!(plan.actions.len(), 6);
        let keys: Vec<&str> = plan
            .sections_in_order()
            .iter()
            .map(|(_, section)| section.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "MESSAGE",
                "CONTEXT",
                "CONTEXT_STRATEGY",
                "CONTEXT_IMPORTANCE",
                "CONTEXT_REGIONAL_PRIORITIES",
                "CONTEXT_RESPONSES",
                "TARGETED_PRIORITIES",
                "RESPONSES"
            ]
        );
    }

    #[test]
    fn refuses_words_that_are_not_quoted_exactly() {
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.regions[0].priorities[0].themes[0].because =
            Some("la transmission d'entreprises".into());
        let error = check::check(&data).unwrap_err();
        assert!(
            error.starts_with(
                "regions[number = 1].priorities[number = 5].themes[key = SUCCESSION].because"
            ),
            "{error}"
        );
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.actions[3].themes[0].because = Some("prendre le virage technologique".into());
        let error = check::check(&data).unwrap_err();
        assert!(
            error.contains("is not quoted from the response to INNOVATION"),
            "{error}"
        );
    }

    #[test]
    fn refuses_a_reading_passed_off_as_the_plans() {
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.actions[1].themes[0].basis = ThemeLinkBasis::PlanResponse;
        assert!(
            check::check(&data)
                .unwrap_err()
                .contains("actions[number = 2].themes[key = BUSINESS_GROWTH].because")
        );
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.regions[0].priorities[0].themes[0].because = None;
        assert!(
            check::check(&data)
                .unwrap_err()
                .contains("a link of basis PRIORITY_WORDS quotes the words that make it")
        );
    }

    #[test]
    fn refuses_a_section_introduced_by_no_section() {
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.sections[2].introduced_by = Some("PREFACE".into());
        assert_eq!(
            check::check(&data).unwrap_err(),
            "sections[key = TARGETED_PRIORITIES].introduced_by: no other section keyed PREFACE"
        );
    }
}

//! The plan data file's types, as serde reads them from TOML.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::service::vocabulary::{
    Comparator, ParagraphKind, Recurrence, ThemeKey, ThemeLinkBasis, Unit,
};

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

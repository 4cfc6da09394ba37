//! Completes a plan that an earlier version loaded before plans had sections and theme links
//! a basis.
//!
//! Such a plan has no section stored. When the file has sections, the plan gets them, and its
//! theme links are loaded again from the file with their basis and quoted words (the earlier
//! links were read from the priorities' words alone, and two of them disagreed with the
//! summary table). Nothing else of the stored plan changes. A plan with sections stored is
//! left as it is, so a second start changes nothing.

use std::collections::HashMap;

use sea_orm::ConnectionTrait;

use super::stored_ids::StoredIds;
use super::{links, sections};
use crate::error::{Error, Result};
use crate::plan_data::PlanData;
use crate::service::{self, vocabulary::ThemeKey};

/// Upgrades the stored plan `plan_id` from `data` if it needs it; returns whether it did.
pub(super) async fn run(txn: &impl ConnectionTrait, plan_id: i32, data: &PlanData) -> Result<bool> {
    if data.sections.is_empty()
        || !service::section::of_plans(txn, &[plan_id])
            .await?
            .is_empty()
    {
        return Ok(false);
    }
    let ids = stored_ids(txn, plan_id, data).await?;
    links::delete(txn, &ids).await?;
    links::insert(txn, data, &ids).await?;
    sections::insert(txn, plan_id, data).await?;
    Ok(true)
}

/// The stored ids of everything the file's theme links name; an error names the first missing.
async fn stored_ids(
    txn: &impl ConnectionTrait,
    plan_id: i32,
    data: &PlanData,
) -> Result<StoredIds> {
    let missing = |what: String| {
        Error::BadInput(format!(
            "plan {:?} is stored without {what}, which the file has: it cannot be upgraded",
            data.plan.slug
        ))
    };
    let mut themes = HashMap::new();
    for theme in service::theme::of_plans(txn, &[plan_id])
        .await?
        .remove(&plan_id)
        .unwrap_or_default()
    {
        if let Some(key) = ThemeKey::parse(&theme.key) {
            themes.insert(key, theme.id);
        }
    }
    let numbers: Vec<i32> = data.regions.iter().map(|region| region.number).collect();
    let regions = service::region::by_numbers(txn, &numbers).await?;
    let region_ids: Vec<i32> = regions.values().map(|region| region.id).collect();
    let stored = service::priority::of_regions(txn, &region_ids).await?;
    let mut priorities = HashMap::new();
    for region in regions.values() {
        for priority in stored.get(&region.id).into_iter().flatten() {
            priorities.insert((region.number, priority.number), priority.id);
        }
    }
    let actions: HashMap<i32, i32> = service::action::of_plans(txn, &[plan_id])
        .await?
        .remove(&plan_id)
        .unwrap_or_default()
        .into_iter()
        .map(|action| (action.number, action.id))
        .collect();
    for region in &data.regions {
        for priority in &region.priorities {
            if !priorities.contains_key(&(region.number, priority.number)) {
                return Err(missing(format!(
                    "region {}'s priority {}",
                    region.number, priority.number
                )));
            }
            if let Some(link) = priority
                .themes
                .iter()
                .find(|link| !themes.contains_key(&link.key))
            {
                return Err(missing(format!("the theme {}", link.key.as_str())));
            }
        }
    }
    for action in &data.actions {
        if !actions.contains_key(&action.number) {
            return Err(missing(format!("action {}", action.number)));
        }
        if let Some(link) = action
            .themes
            .iter()
            .find(|link| !themes.contains_key(&link.key))
        {
            return Err(missing(format!("the theme {}", link.key.as_str())));
        }
    }
    Ok(StoredIds {
        themes,
        priorities,
        actions,
    })
}

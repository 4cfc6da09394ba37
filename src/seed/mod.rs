//! Loading a plan data file into the database: all of it in one transaction, or nothing.
//!
//! `links` writes the theme links, `sections` the plan's own texts, `shared` the regions and
//! priorities every plan shares, and `upgrade` completes a plan that an earlier version loaded
//! before either had what the file now holds. `import` loads another plan, through the write
//! side, and tells a file already loaded from one that would change a published plan.

mod import;
mod links;
mod sections;
mod shared;
mod stored_ids;
mod upgrade;

use std::collections::HashMap;

use chrono::{DateTime, Timelike, Utc};
use entity::{action, action_region, indicator, plan, theme};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, NotSet, Set, TransactionTrait,
};

use crate::error::{Error, Result};
use crate::plan_data::{self, PlanData};
use crate::service::{self, vocabulary::ThemeKey};
pub use import::{Imported, import};
use stored_ids::StoredIds;

/// Loads the shipped plan unless it is loaded already. Returns whether it loaded anything.
pub async fn load_shipped_plan(db: &DatabaseConnection) -> Result<bool> {
    let data = plan_data::parse(plan_data::SHIPPED_PLAN)
        .map_err(|error| Error::BadInput(error.to_string()))?;
    let txn = db.begin().await?;
    let loaded = load(&txn, &data, plan_data::SHIPPED_PLAN).await?;
    txn.commit().await?;
    Ok(loaded)
}

/// Loads `data`, read from the file `source`, in `txn` unless a plan with its slug is loaded
/// already. Returns whether it loaded.
///
/// A plan an earlier version loaded without sections, while the file has some, is upgraded
/// instead (see [`upgrade`]). Regions and priorities are shared by every plan of the
/// strategy: one already stored is reused, and must then be the file's (see [`shared`]).
pub async fn load(txn: &impl ConnectionTrait, data: &PlanData, source: &str) -> Result<bool> {
    if let Some(stored) = service::plan::by_slug(txn, &data.plan.slug).await? {
        let upgraded = upgrade::run(txn, stored.id, data).await?;
        // A version before the catalogue stored no file hash. Once upgraded, the stored plan
        // holds what this file holds, so the hash is this file's: `import` of the same file
        // then changes nothing instead of being refused as other content.
        if stored.source_sha256.is_none() {
            let mut plan: plan::ActiveModel = stored.into();
            plan.source_sha256 = Set(Some(service::token::hash(source)));
            plan.update(txn).await?;
        }
        return Ok(upgraded);
    }
    insert(txn, data, source).await?;
    Ok(true)
}

/// Inserts the plan of `data`, whose slug is not stored, and what it holds.
async fn insert(txn: &impl ConnectionTrait, data: &PlanData, source: &str) -> Result<()> {
    let plan_id = insert_plan(txn, data, source).await?;
    let ids = StoredIds {
        themes: insert_themes(txn, plan_id, data).await?,
        priorities: shared::insert_regions(txn, plan_id, data).await?,
        actions: insert_actions(txn, plan_id, data).await?,
    };
    links::insert(txn, data, &ids).await?;
    sections::insert(txn, plan_id, data).await?;
    Ok(())
}

async fn insert_plan(txn: &impl ConnectionTrait, data: &PlanData, source: &str) -> Result<i32> {
    let info = &data.plan;
    let plan = plan::ActiveModel {
        id: NotSet,
        slug: Set(info.slug.clone()),
        title: Set(info.title.clone()),
        organization: Set(info.organization.clone()),
        start_year: Set(info.start_year),
        end_year: Set(info.end_year),
        published_on: Set(info.published_on),
        signatory_name: Set(info.signatory_name.clone()),
        signatory_title: Set(info.signatory_title.clone()),
        // To the microsecond, as the data version reads it back on either backend.
        loaded_at: Set(Some(now_to_the_microsecond())),
        source_sha256: Set(Some(service::token::hash(source))),
    }
    .insert(txn)
    .await?;
    Ok(plan.id)
}

/// Now, truncated to what both backends store (PostgreSQL keeps microseconds).
fn now_to_the_microsecond() -> DateTime<Utc> {
    let now = Utc::now();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .unwrap_or(now)
}

async fn insert_themes(
    txn: &impl ConnectionTrait,
    plan_id: i32,
    data: &PlanData,
) -> Result<HashMap<ThemeKey, i32>> {
    let mut ids = HashMap::new();
    for (position, theme) in (1..).zip(&data.themes) {
        let stored = theme::ActiveModel {
            id: NotSet,
            plan_id: Set(plan_id),
            key: Set(theme.key.as_str().to_owned()),
            position: Set(position),
            name: Set(theme.name.clone()),
            response: Set(theme.response.clone()),
        }
        .insert(txn)
        .await?;
        ids.insert(theme.key, stored.id);
    }
    Ok(ids)
}

/// Inserts the actions, their region lists and indicators; returns action ids by number.
async fn insert_actions(
    txn: &impl ConnectionTrait,
    plan_id: i32,
    data: &PlanData,
) -> Result<HashMap<i32, i32>> {
    let regions = service::region::ids_by_number(txn).await?;
    let mut action_ids = HashMap::new();
    let mut indicator_of_action = HashMap::new();
    let starts_on = plan_data::fiscal_year_start(data.plan.start_year).ok_or_else(|| {
        Error::BadInput(format!(
            "plan.start_year: {} is not a year",
            data.plan.start_year
        ))
    })?;
    for action in &data.actions {
        let action_id = action::ActiveModel {
            id: NotSet,
            plan_id: Set(plan_id),
            number: Set(action.number),
            title: Set(action.title.clone()),
            region_list: Set(action.region_list.clone()),
        }
        .insert(txn)
        .await?
        .id;
        action_ids.insert(action.number, action_id);
        let region_numbers =
            plan_data::parse_region_list(&action.region_list).map_err(Error::BadInput)?;
        for number in region_numbers {
            action_region::ActiveModel {
                action_id: Set(action_id),
                region_id: Set(regions[&number]),
            }
            .insert(txn)
            .await?;
        }
        let target = &action.indicator;
        let indicator_id = indicator::ActiveModel {
            id: NotSet,
            action_id: Set(action_id),
            name: Set(target.name.clone()),
            unit: Set(target.unit.as_str().to_owned()),
            target_value: Set(target.target_value.into()),
            target_comparator: Set(target.target_comparator.as_str().to_owned()),
            target_starts_on: Set(starts_on),
            target_due_on: Set(target.target_due_on),
            target_recurrence: Set(target.target_recurrence.as_str().to_owned()),
            target_label: Set(target.target_label.clone()),
            part_of_id: Set(None),
            footnote: Set(target.footnote.clone()),
        }
        .insert(txn)
        .await?
        .id;
        indicator_of_action.insert(action.number, indicator_id);
    }
    // Footnotes point at other actions' indicators, so they are linked once all exist.
    for action in &data.actions {
        if let Some(whole) = action.indicator.part_of_action {
            indicator::ActiveModel {
                id: Set(indicator_of_action[&action.number]),
                part_of_id: Set(Some(indicator_of_action[&whole])),
                ..Default::default()
            }
            .update(txn)
            .await?;
        }
    }
    Ok(action_ids)
}

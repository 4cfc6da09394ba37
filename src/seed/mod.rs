//! Loading a plan data file into the database: all of it in one transaction, or nothing.
//!
//! `links` writes the theme links, `sections` the plan's own texts, and `upgrade` completes
//! a plan that an earlier version loaded before either had what the file now holds.

mod links;
mod sections;
mod stored_ids;
mod upgrade;

use std::collections::HashMap;

use entity::{action, action_region, indicator, plan, priority, region, theme};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, NotSet, Set, TransactionTrait,
};

use crate::error::{Error, Result};
use crate::plan_data::{self, PlanData};
use crate::service::{self, text::fold, vocabulary::ThemeKey};
use stored_ids::StoredIds;

/// Loads the shipped plan unless it is loaded already. Returns whether it loaded anything.
pub async fn load_shipped_plan(db: &DatabaseConnection) -> Result<bool> {
    let data = plan_data::parse(plan_data::SHIPPED_PLAN).map_err(Error::BadInput)?;
    load(db, &data).await
}

/// Loads `data` unless a plan with its slug is loaded already. Returns whether it loaded.
///
/// A plan an earlier version loaded without sections, while the file has some, is upgraded
/// instead (see [`upgrade`]). Regions are shared by every plan of the strategy: a region
/// already stored is reused, and must then match the file's name, slug and code.
pub async fn load(db: &DatabaseConnection, data: &PlanData) -> Result<bool> {
    let txn = db.begin().await?;
    if let Some(stored) = service::plan::by_slug(&txn, &data.plan.slug).await? {
        let upgraded = upgrade::run(&txn, stored.id, data).await?;
        txn.commit().await?;
        return Ok(upgraded);
    }
    let plan_id = insert_plan(&txn, data).await?;
    let ids = StoredIds {
        themes: insert_themes(&txn, plan_id, data).await?,
        priorities: insert_regions(&txn, data).await?,
        actions: insert_actions(&txn, plan_id, data).await?,
    };
    links::insert(&txn, data, &ids).await?;
    sections::insert(&txn, plan_id, data).await?;
    txn.commit().await?;
    Ok(true)
}

async fn insert_plan(txn: &impl ConnectionTrait, data: &PlanData) -> Result<i32> {
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
    }
    .insert(txn)
    .await?;
    Ok(plan.id)
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

/// Inserts the regions and priorities not stored yet; returns priority ids by (region number,
/// priority number).
async fn insert_regions(
    txn: &impl ConnectionTrait,
    data: &PlanData,
) -> Result<HashMap<(i32, i32), i32>> {
    let mut ids = HashMap::new();
    for region in &data.regions {
        let region_id = match service::region::by_number(txn, region.number).await? {
            Some(stored) => {
                if (
                    stored.slug.as_str(),
                    stored.name.as_str(),
                    stored.admin_region_code.as_str(),
                ) != (
                    region.slug.as_str(),
                    region.name.as_str(),
                    region.admin_region_code.as_str(),
                ) {
                    return Err(Error::BadInput(format!(
                        "regions[number = {}]: name, slug or admin_region_code differs from the stored region {:?}",
                        region.number, stored.name
                    )));
                }
                stored.id
            }
            None => {
                region::ActiveModel {
                    id: NotSet,
                    number: Set(region.number),
                    slug: Set(region.slug.clone()),
                    name: Set(region.name.clone()),
                    admin_region_code: Set(region.admin_region_code.clone()),
                }
                .insert(txn)
                .await?
                .id
            }
        };
        // Priorities belong to the strategy; a second plan may target one already stored.
        let stored = service::priority::of_regions(txn, &[region_id]).await?;
        let stored = stored.get(&region_id);
        for priority in &region.priorities {
            let found =
                stored.and_then(|all| all.iter().find(|stored| stored.number == priority.number));
            let priority_id = match found {
                Some(stored) => stored.id,
                None => {
                    priority::ActiveModel {
                        id: NotSet,
                        region_id: Set(region_id),
                        number: Set(priority.number),
                        title: Set(priority.title.clone()),
                        excerpt: Set(priority.excerpt.clone()),
                        search_text: Set(fold(&format!(
                            "{}\n{}",
                            priority.title, priority.excerpt
                        ))),
                    }
                    .insert(txn)
                    .await?
                    .id
                }
            };
            ids.insert((region.number, priority.number), priority_id);
        }
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

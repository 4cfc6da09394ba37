//! What the catalogue files list, read from the stored plan(s) in few statements: the
//! regions, the priorities with their themes, the actions with their indicator and regions.

use std::collections::HashMap;

use entity::{action, action_region, indicator, plan, priority, region};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::error::Result;
use crate::service::theme_link;

/// A priority with its region's number and the keys of its themes, in theme order.
#[derive(Clone, Debug)]
pub struct CataloguePriority {
    pub priority: priority::Model,
    pub region_number: i32,
    pub theme_keys: Vec<String>,
}

/// An action with its plan's slug, its indicator (if any) and its regions' numbers.
#[derive(Clone, Debug)]
pub struct CatalogueAction {
    pub action: action::Model,
    pub plan_slug: String,
    pub indicator: Option<indicator::Model>,
    pub region_numbers: Vec<i32>,
}

/// Every priority, by region number then priority number.
pub async fn priorities(db: &impl ConnectionTrait) -> Result<Vec<CataloguePriority>> {
    let numbers = region_numbers(db).await?;
    let priorities = priority::Entity::find()
        .order_by_asc(priority::Column::RegionId)
        .order_by_asc(priority::Column::Number)
        .all(db)
        .await?;
    let ids: Vec<i32> = priorities.iter().map(|priority| priority.id).collect();
    let mut links = theme_link::of_priorities(db, &ids).await?;
    let mut rows: Vec<CataloguePriority> = priorities
        .into_iter()
        // Every priority has its region and every action its plan (foreign keys): the defaults
        // below are never taken.
        .map(|priority| CataloguePriority {
            region_number: numbers
                .get(&priority.region_id)
                .copied()
                .unwrap_or_default(),
            theme_keys: links
                .remove(&priority.id)
                .unwrap_or_default()
                .into_iter()
                .map(|link| link.theme.key)
                .collect(),
            priority,
        })
        .collect();
    rows.sort_by_key(|row| (row.region_number, row.priority.number));
    Ok(rows)
}

/// Every action, by plan then number, with its indicator and regions.
pub async fn actions(db: &impl ConnectionTrait) -> Result<Vec<CatalogueAction>> {
    let plans: HashMap<i32, String> = plan::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|plan| (plan.id, plan.slug))
        .collect();
    let numbers = region_numbers(db).await?;
    let mut regions: HashMap<i32, Vec<i32>> = HashMap::new();
    for link in action_region::Entity::find().all(db).await? {
        if let Some(number) = numbers.get(&link.region_id) {
            regions.entry(link.action_id).or_default().push(*number);
        }
    }
    let mut indicators: HashMap<i32, indicator::Model> = indicator::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|indicator| (indicator.action_id, indicator))
        .collect();
    let actions = action::Entity::find()
        .order_by_asc(action::Column::PlanId)
        .order_by_asc(action::Column::Number)
        .all(db)
        .await?;
    Ok(actions
        .into_iter()
        .map(|action| {
            let mut region_numbers = regions.remove(&action.id).unwrap_or_default();
            region_numbers.sort_unstable();
            CatalogueAction {
                plan_slug: plans.get(&action.plan_id).cloned().unwrap_or_default(),
                indicator: indicators.remove(&action.id),
                region_numbers,
                action,
            }
        })
        .collect())
}

/// The number of each region, by its id.
async fn region_numbers(db: &impl ConnectionTrait) -> Result<HashMap<i32, i32>> {
    Ok(region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|region| (region.id, region.number))
        .collect())
}

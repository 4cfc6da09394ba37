//! What the open-data files list: the indicators an export walks, each with the action and
//! plan it belongs to, so a row of values.csv names them without a lookup per row.

pub mod catalogue;

use entity::{action, indicator, plan};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::error::Result;

/// An indicator with the number of its action and the slug of its plan.
#[derive(Clone, Debug)]
pub struct ExportedIndicator {
    pub indicator: indicator::Model,
    pub action_number: i32,
    pub plan_slug: String,
}

/// Every indicator (or only `only`), in id order, with its action and plan. A plan has a few
/// dozen indicators: this list is small, unlike the values it leads to.
pub async fn indicators(
    db: &impl ConnectionTrait,
    only: Option<i32>,
) -> Result<Vec<ExportedIndicator>> {
    let plans: std::collections::HashMap<i32, String> = plan::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|plan| (plan.id, plan.slug))
        .collect();
    let rows = indicator::Entity::find()
        .find_also_related(action::Entity)
        .order_by_asc(indicator::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(indicator, _)| only.is_none_or(|id| id == indicator.id))
        .filter_map(|(indicator, action)| {
            // Every indicator has its action (a foreign key): the filter only unwraps it.
            let action = action?;
            Some(ExportedIndicator {
                plan_slug: plans.get(&action.plan_id)?.clone(),
                action_number: action.number,
                indicator,
            })
        })
        .collect())
}

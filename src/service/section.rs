//! A plan's own texts: its sections, sub-sections included, with their paragraphs.

use std::collections::HashMap;

use entity::{plan_paragraph, plan_section};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::Result;

/// A section and its paragraphs, in order.
#[derive(Clone, Debug)]
pub struct Section {
    pub section: plan_section::Model,
    pub paragraphs: Vec<plan_paragraph::Model>,
}

/// The sections of each plan, sub-sections included, in the plan's order (one statement).
pub async fn of_plans(
    db: &impl ConnectionTrait,
    plan_ids: &[i32],
) -> Result<HashMap<i32, Vec<Section>>> {
    let rows = plan_section::Entity::find()
        .find_with_related(plan_paragraph::Entity)
        .filter(plan_section::Column::PlanId.is_in(plan_ids.iter().copied()))
        .all(db)
        .await?;
    let mut plans: HashMap<i32, Vec<Section>> = HashMap::new();
    for (section, mut paragraphs) in rows {
        paragraphs.sort_by_key(|paragraph| paragraph.position);
        plans.entry(section.plan_id).or_default().push(Section {
            section,
            paragraphs,
        });
    }
    for sections in plans.values_mut() {
        sections.sort_by_key(|section| section.section.position);
    }
    Ok(plans)
}

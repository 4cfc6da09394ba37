//! The plan's own texts: its sections, in the plan's order, and their paragraphs.

use std::collections::HashMap;

use entity::{plan_paragraph, plan_section};
use sea_orm::{ActiveModelTrait, ConnectionTrait, NotSet, Set};

use crate::error::Result;
use crate::plan_data::PlanData;

/// Inserts the sections of `data` for the stored plan `plan_id`.
pub(super) async fn insert(
    txn: &impl ConnectionTrait,
    plan_id: i32,
    data: &PlanData,
) -> Result<()> {
    let sections = data.sections_in_order();
    let mut ids: HashMap<&str, i32> = HashMap::new();
    for (position, (parent, section)) in (1..).zip(&sections) {
        let section_id = plan_section::ActiveModel {
            id: NotSet,
            plan_id: Set(plan_id),
            parent_id: Set(parent.map(|parent| ids[parent.key.as_str()])),
            position: Set(position),
            key: Set(section.key.clone()),
            title: Set(section.title.clone()),
            introduced_by_id: Set(None),
        }
        .insert(txn)
        .await?
        .id;
        ids.insert(&section.key, section_id);
        for (position, paragraph) in (1..).zip(&section.paragraphs) {
            plan_paragraph::ActiveModel {
                id: NotSet,
                section_id: Set(section_id),
                position: Set(position),
                kind: Set(paragraph.kind().as_str().to_owned()),
                text: Set(paragraph.text().to_owned()),
            }
            .insert(txn)
            .await?;
        }
    }
    // A section may be introduced by one printed after it, so these are linked once all exist.
    for (_, section) in &sections {
        if let Some(by) = &section.introduced_by {
            plan_section::ActiveModel {
                id: Set(ids[section.key.as_str()]),
                introduced_by_id: Set(Some(ids[by.as_str()])),
                ..Default::default()
            }
            .update(txn)
            .await?;
        }
    }
    Ok(())
}

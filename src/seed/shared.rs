//! The regions and priorities every plan of the strategy shares.
//!
//! A region is one whichever plans name it, and so is a region's priority, by its number: a
//! second plan that names a stored one must hold it exactly as stored, or the file is refused
//! with the field that differs. The priorities a plan targets are recorded in `plan_priority`,
//! so that a region lists each priority once and a priority reaches every plan answering it.

use std::collections::HashMap;

use entity::{plan_priority, priority, region};
use sea_orm::{ActiveModelTrait, ConnectionTrait, NotSet, Set};

use crate::error::{Error, Result};
use crate::plan_data::{PlanData, RegionData};
use crate::service::{self, text::fold};

/// Inserts the regions and priorities not stored yet and records those `plan_id` targets;
/// returns priority ids by (region number, priority number).
pub(super) async fn insert_regions(
    txn: &impl ConnectionTrait,
    plan_id: i32,
    data: &PlanData,
) -> Result<HashMap<(i32, i32), i32>> {
    let mut ids = HashMap::new();
    for (index, region) in data.regions.iter().enumerate() {
        let at = format!("regions[{index}]");
        let region_id = match service::region::by_number(txn, region.number).await? {
            Some(stored) => {
                same_region(&at, region, &stored)?;
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
        let stored = service::priority::of_regions(txn, &[region_id]).await?;
        let stored = stored.get(&region_id);
        for (position, priority) in region.priorities.iter().enumerate() {
            let at = format!("{at}.priorities[{position}]");
            let found =
                stored.and_then(|all| all.iter().find(|stored| stored.number == priority.number));
            let priority_id = match found {
                Some(stored) => {
                    for (field, file, kept) in [
                        ("title", &priority.title, &stored.title),
                        ("excerpt", &priority.excerpt, &stored.excerpt),
                    ] {
                        if file != kept {
                            return Err(Error::BadInput(format!(
                                "{at}.{field}: differs from the stored priority {} of region {}, \
                                 which plans share; allowed: {kept:?}",
                                priority.number, region.number
                            )));
                        }
                    }
                    stored.id
                }
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
            plan_priority::ActiveModel {
                plan_id: Set(plan_id),
                priority_id: Set(priority_id),
            }
            .insert(txn)
            .await?;
            ids.insert((region.number, priority.number), priority_id);
        }
    }
    Ok(ids)
}

/// Refuses a region that differs from the stored one of its number, naming the field.
fn same_region(at: &str, region: &RegionData, stored: &region::Model) -> Result<()> {
    for (field, file, kept) in [
        ("name", &region.name, &stored.name),
        ("slug", &region.slug, &stored.slug),
        (
            "admin_region_code",
            &region.admin_region_code,
            &stored.admin_region_code,
        ),
    ] {
        if file != kept {
            return Err(Error::BadInput(format!(
                "{at}.{field}: {file:?} differs from the stored region {}, which plans share; \
                 allowed: {kept:?}",
                region.number
            )));
        }
    }
    Ok(())
}

//! Where the plan's summary table speaks, it decides which regions have a priority in a theme.
//!
//! The table's last column lists, for each action, the "régions ayant défini une priorité liée
//! à l'action". For an action the plan's words tie to themes (its links of basis
//! `PLAN_RESPONSE`), a region is in that list exactly when one of its priorities is in one of
//! those themes. An action tied to one theme alone (4 and 6: innovation; 5: économie sociale)
//! thus names exactly the regions with a priority in that theme: every priority's link to such
//! a theme has the basis `SUMMARY_TABLE`. The table does not decide the other themes (action 1,
//! listed everywhere, is tied to both relève and croissance), whose links have the basis
//! `PRIORITY_WORDS`.

use std::collections::HashSet;

use super::format::PlanData;
use super::region_list::parse_region_list;
use crate::service::vocabulary::{ThemeKey, ThemeLinkBasis};

pub(super) fn check(data: &PlanData) -> Result<(), String> {
    // Each tied action with its index in the file, by which errors name it.
    let tied: Vec<(usize, i32, &str, Vec<ThemeKey>)> = data
        .actions
        .iter()
        .enumerate()
        .map(|(index, action)| {
            let themes = action
                .themes
                .iter()
                .filter(|link| link.basis == ThemeLinkBasis::PlanResponse)
                .map(|link| link.key)
                .collect();
            (index, action.number, action.region_list.as_str(), themes)
        })
        .filter(|(_, _, _, themes): &(_, _, _, Vec<ThemeKey>)| !themes.is_empty())
        .collect();
    let decided: HashSet<ThemeKey> = tied
        .iter()
        .filter_map(|(_, _, _, themes)| match themes[..] {
            [alone] => Some(alone),
            _ => None,
        })
        .collect();
    check_bases(data, &decided)?;
    for (action_index, number, list, themes) in &tied {
        let listed = parse_region_list(list)
            .map_err(|error| format!("actions[{action_index}].region_list: {error}"))?;
        for (index, region) in data.regions.iter().enumerate() {
            let has = region
                .priorities
                .iter()
                .flat_map(|priority| &priority.themes)
                .any(|link| themes.contains(&link.key));
            let names = themes
                .iter()
                .map(|key| key.as_str())
                .collect::<Vec<_>>()
                .join(" or ");
            let at = format!("regions[{index}]");
            match (has, listed.contains(&region.number)) {
                (true, false) => {
                    return Err(format!(
                        "{at}: a priority in {names}, but the summary table leaves region {} out of \
                         action {number}'s list ({list:?}); where the table speaks it decides",
                        region.number
                    ));
                }
                (false, true) => {
                    return Err(format!(
                        "{at}: no priority in {names}, but the summary table lists region {} for \
                         action {number} ({list:?}); where the table speaks it decides",
                        region.number
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Checks that a priority's link has the basis `SUMMARY_TABLE` exactly when the table decides
/// its theme.
fn check_bases(data: &PlanData, decided: &HashSet<ThemeKey>) -> Result<(), String> {
    for (r, region) in data.regions.iter().enumerate() {
        for (p, priority) in region.priorities.iter().enumerate() {
            for (t, link) in priority.themes.iter().enumerate() {
                let (expected, why) = if decided.contains(&link.key) {
                    (
                        ThemeLinkBasis::SummaryTable,
                        "an action tied to this theme alone lists the regions with a priority in it",
                    )
                } else {
                    (
                        ThemeLinkBasis::PriorityWords,
                        "no action tied to this theme alone lists the regions with a priority in it",
                    )
                };
                if link.basis != expected {
                    return Err(format!(
                        "regions[{r}].priorities[{p}].themes[{t}].basis: must be {}, since {why}",
                        expected.as_str()
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{SHIPPED_PLAN, ThemeLinkData, parse};
    use super::*;

    fn shipped() -> PlanData {
        parse(SHIPPED_PLAN).unwrap()
    }

    fn priority_links(data: &mut PlanData, region: i32, priority: i32) -> &mut Vec<ThemeLinkData> {
        let region = data
            .regions
            .iter_mut()
            .find(|r| r.number == region)
            .unwrap();
        &mut region
            .priorities
            .iter_mut()
            .find(|p| p.number == priority)
            .unwrap()
            .themes
    }

    #[test]
    fn refuses_an_innovation_priority_the_table_leaves_out() {
        let mut data = shipped();
        // Chaudière-Appalaches' priority 10 reads "Placer l'innovation", but region 5 is not
        // in the list of actions 4 and 6.
        priority_links(&mut data, 5, 10).push(ThemeLinkData {
            key: ThemeKey::Innovation,
            basis: ThemeLinkBasis::SummaryTable,
            because: Some("Placer l'innovation".to_owned()),
        });
        let error = check(&data).unwrap_err();
        assert!(
            error.starts_with("regions[4]: a priority in INNOVATION"),
            "{error}"
        );
        assert!(error.contains("action 4's list"), "{error}");
    }

    #[test]
    fn refuses_a_region_the_table_lists_without_a_priority_in_the_theme() {
        let mut data = shipped();
        priority_links(&mut data, 14, 4).retain(|link| link.key != ThemeKey::SocialEconomy);
        let error = check(&data).unwrap_err();
        assert!(
            error.starts_with("regions[13]: no priority in SOCIAL_ECONOMY"),
            "{error}"
        );
        assert!(error.contains("for action 5"), "{error}");
    }

    #[test]
    fn refuses_a_basis_that_disagrees_with_the_table() {
        let mut data = shipped();
        priority_links(&mut data, 1, 5)
            .iter_mut()
            .find(|link| link.key == ThemeKey::Innovation)
            .unwrap()
            .basis = ThemeLinkBasis::PriorityWords;
        let error = check(&data).unwrap_err();
        assert!(
            error.starts_with("regions[0].priorities[0].themes[1].basis: must be SUMMARY_TABLE"),
            "{error}"
        );
        let mut data = shipped();
        priority_links(&mut data, 1, 5)
            .iter_mut()
            .find(|link| link.key == ThemeKey::Succession)
            .unwrap()
            .basis = ThemeLinkBasis::SummaryTable;
        assert!(check(&data).unwrap_err().contains("must be PRIORITY_WORDS"));
    }

    #[test]
    fn every_region_has_a_priority_action_1_answers() {
        // Action 1 ("1 à 18") is tied to relève and croissance: a region with neither is refused.
        let mut data = shipped();
        for priority in &mut data.regions[2].priorities {
            priority.themes.clear();
        }
        let error = check(&data).unwrap_err();
        assert!(
            error.starts_with("regions[2]: no priority in SUCCESSION or BUSINESS_GROWTH"),
            "{error}"
        );
    }
}

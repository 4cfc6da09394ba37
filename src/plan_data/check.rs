//! The checks of each part of a plan data file: numbers and keys unique, references that
//! resolve, and words quoted for a theme link that are quoted exactly.

use std::collections::{HashMap, HashSet};

use super::format::{ActionData, PlanData, RegionData, ThemeLinkData};
use super::region_list::{REGION_NUMBERS, parse_region_list};
use crate::service::vocabulary::{ThemeKey, ThemeLinkBasis};

/// Checks every part of `data` but the summary table's rule.
pub(super) fn check(data: &PlanData) -> Result<(), String> {
    let mut responses = HashMap::new();
    for (index, theme) in data.themes.iter().enumerate() {
        if responses
            .insert(theme.key, theme.response.as_str())
            .is_some()
        {
            return Err(format!(
                "themes[{index}].key: {} appears twice; allowed: each theme once",
                theme.key.as_str()
            ));
        }
    }
    check_sections(data)?;
    let mut region_numbers = HashSet::new();
    for (index, region) in data.regions.iter().enumerate() {
        let at = format!("regions[{index}]");
        if !REGION_NUMBERS.contains(&region.number) || !region_numbers.insert(region.number) {
            return Err(format!("{at}.number: must be unique and from 1 to 18"));
        }
        check_priorities(&at, region, &responses)?;
    }
    let action_numbers: HashSet<i32> = data.actions.iter().map(|action| action.number).collect();
    if action_numbers.len() != data.actions.len() {
        return Err(
            "actions: an action number appears twice; allowed: each number once".to_owned(),
        );
    }
    for (index, action) in data.actions.iter().enumerate() {
        let at = format!("actions[{index}]");
        check_action(&at, action, &region_numbers, &action_numbers, &responses)?;
    }
    Ok(())
}

fn check_sections(data: &PlanData) -> Result<(), String> {
    let sections = data.sections_in_order();
    let mut keys = HashSet::new();
    for (_, section) in &sections {
        let at = format!("sections[key = {}]", section.key);
        let well_formed = section.key.split('_').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
        if !well_formed {
            return Err(format!(
                "{at}.key: must be upper-case words joined by '_', like CONTEXT_STRATEGY"
            ));
        }
        if !keys.insert(section.key.as_str()) {
            return Err(format!("{at}.key: appears twice in the plan"));
        }
        if section.title.trim().is_empty() {
            return Err(format!("{at}.title: must not be empty"));
        }
        if section
            .paragraphs
            .iter()
            .any(|p| p.text().trim().is_empty())
        {
            return Err(format!("{at}.paragraphs: a paragraph is empty"));
        }
    }
    for (_, section) in &sections {
        if let Some(by) = &section.introduced_by
            && (by == &section.key || !keys.contains(by.as_str()))
        {
            return Err(format!(
                "sections[key = {}].introduced_by: no other section keyed {by}",
                section.key
            ));
        }
    }
    Ok(())
}

fn check_priorities(
    at: &str,
    region: &RegionData,
    responses: &HashMap<ThemeKey, &str>,
) -> Result<(), String> {
    let mut priority_numbers = HashSet::new();
    for (index, priority) in region.priorities.iter().enumerate() {
        let at = format!("{at}.priorities[{index}]");
        if !priority_numbers.insert(priority.number) {
            return Err(format!("{at}.number: appears twice in the region"));
        }
        if priority.themes.is_empty() {
            return Err(format!("{at}.themes: a priority needs at least one theme"));
        }
        check_links(&at, &priority.themes, responses, |at, link| {
            if !link.basis.is_for_priorities() {
                return Err(format!(
                    "{at}.basis: a priority's link is SUMMARY_TABLE or PRIORITY_WORDS"
                ));
            }
            match &link.because {
                None if link.basis == ThemeLinkBasis::PriorityWords => Err(format!(
                    "{at}.because: a link of basis PRIORITY_WORDS quotes the words that make it"
                )),
                Some(words)
                    if !priority.title.contains(words.as_str())
                        && !priority.excerpt.contains(words.as_str()) =>
                {
                    Err(format!(
                        "{at}.because: {words:?} is not quoted from the priority's title or \
                         excerpt; allowed: words of either, exactly as published"
                    ))
                }
                _ => Ok(()),
            }
        })?;
    }
    Ok(())
}

fn check_action(
    at: &str,
    action: &ActionData,
    region_numbers: &HashSet<i32>,
    action_numbers: &HashSet<i32>,
    responses: &HashMap<ThemeKey, &str>,
) -> Result<(), String> {
    for region in parse_region_list(&action.region_list)
        .map_err(|error| format!("{at}.region_list: {error}"))?
    {
        if !region_numbers.contains(&region) {
            return Err(format!(
                "{at}.region_list: region {region} is not in the file"
            ));
        }
    }
    check_links(at, &action.themes, responses, |at, link| {
        match (link.basis, &link.because) {
            (ThemeLinkBasis::PlanResponse, Some(words)) => {
                if responses[&link.key].contains(words.as_str()) {
                    Ok(())
                } else {
                    Err(format!(
                        "{at}.because: {words:?} is not quoted from the response to {}; \
                         allowed: words of that response, exactly as published",
                        link.key.as_str()
                    ))
                }
            }
            (ThemeLinkBasis::PlanResponse, None) => Err(format!(
                "{at}.because: a link of basis PLAN_RESPONSE quotes the response's words that make it"
            )),
            (ThemeLinkBasis::ProjectReading, None) => Ok(()),
            (ThemeLinkBasis::ProjectReading, Some(_)) => Err(format!(
                "{at}.because: a link of basis PROJECT_READING has no words of the plan to quote"
            )),
            _ => Err(format!(
                "{at}.basis: an action's link is PLAN_RESPONSE or PROJECT_READING"
            )),
        }
    })?;
    if let Some(whole) = action.indicator.part_of_action
        && (whole == action.number || !action_numbers.contains(&whole))
    {
        return Err(format!(
            "{at}.indicator.part_of_action: no other action numbered {whole}"
        ));
    }
    Ok(())
}

/// Checks that each link's theme is the plan's and appears once, then `check_link` with the
/// link's place in the file.
fn check_links(
    at: &str,
    links: &[ThemeLinkData],
    responses: &HashMap<ThemeKey, &str>,
    check_link: impl Fn(&str, &ThemeLinkData) -> Result<(), String>,
) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (index, link) in links.iter().enumerate() {
        let at = format!("{at}.themes[{index}]");
        if !responses.contains_key(&link.key) {
            let mut keys: Vec<&str> = responses.keys().map(|key| key.as_str()).collect();
            keys.sort_unstable();
            return Err(format!(
                "{at}.key: {} is not a theme of the plan; allowed: {}",
                link.key.as_str(),
                keys.join(", ")
            ));
        }
        if !seen.insert(link.key) {
            return Err(format!(
                "{at}.key: {} appears twice; allowed: each theme once",
                link.key.as_str()
            ));
        }
        check_link(&at, link)?;
    }
    Ok(())
}

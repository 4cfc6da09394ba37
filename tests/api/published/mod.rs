//! The plan as published: every served string held against the committed text of the plan
//! (`tests/fixtures/plan/`), its sections in order, and theme links that agree with the
//! plan's summary table.

mod fixture;
mod sections;
mod themes;
mod upgrade;
mod verbatim;

use serde_json::Value;

/// The served sections of `sections` (a `sections` list) and their sub-sections, depth first.
fn depth_first(sections: &Value) -> Vec<&Value> {
    sections
        .as_array()
        .map(|all| {
            all.iter()
                .flat_map(|section| {
                    std::iter::once(section).chain(depth_first(&section["sections"]))
                })
                .collect()
        })
        .unwrap_or_default()
}

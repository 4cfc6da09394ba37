//! The plan data file format (TOML), as shipped in `data/iq-ovt-2018-2020.toml`, and its checks.
//!
//! A file is checked whole before anything is written: a bad file is refused with an error
//! that names the place and field that are wrong. `format` holds the file's types; `check` the
//! checks of each part; `summary_table` the rule by which the plan's summary table decides
//! theme links; `region_list` reads the table's published region lists.

mod check;
mod format;
mod located;
mod region_list;
mod summary_table;

pub use format::*;
pub use located::FileError;
pub use region_list::{REGION_NUMBERS, parse_region_list};

/// The plan shipped with the server, loaded on first start.
pub const SHIPPED_PLAN: &str = include_str!("../../data/iq-ovt-2018-2020.toml");

/// Parses and checks a plan data file; an error names its line and field.
pub fn parse(text: &str) -> Result<PlanData, FileError> {
    let data: PlanData = toml::from_str(text).map_err(|error| FileError::of_toml(text, &error))?;
    check::check(&data)
        .and_then(|()| summary_table::check(&data))
        .map_err(|error| FileError::of_field(text, &error))?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::vocabulary::ThemeLinkBasis;

    #[test]
    fn the_shipped_plan_passes_its_checks() {
        let plan = parse(SHIPPED_PLAN).unwrap();
        assert_eq!(plan.regions.len(), 18);
        assert_eq!(plan.actions.len(), 6);
        let keys: Vec<&str> = plan
            .sections_in_order()
            .iter()
            .map(|(_, section)| section.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "MESSAGE",
                "CONTEXT",
                "CONTEXT_STRATEGY",
                "CONTEXT_IMPORTANCE",
                "CONTEXT_REGIONAL_PRIORITIES",
                "CONTEXT_RESPONSES",
                "TARGETED_PRIORITIES",
                "RESPONSES"
            ]
        );
    }

    #[test]
    fn refuses_words_that_are_not_quoted_exactly() {
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.regions[0].priorities[0].themes[0].because =
            Some("la transmission d'entreprises".into());
        let error = check::check(&data).unwrap_err();
        assert!(
            error.starts_with("regions[0].priorities[0].themes[0].because"),
            "{error}"
        );
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.actions[3].themes[0].because = Some("prendre le virage technologique".into());
        let error = check::check(&data).unwrap_err();
        assert!(
            error.contains("is not quoted from the response to INNOVATION"),
            "{error}"
        );
    }

    #[test]
    fn refuses_a_reading_passed_off_as_the_plans() {
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.actions[1].themes[0].basis = ThemeLinkBasis::PlanResponse;
        assert!(
            check::check(&data)
                .unwrap_err()
                .contains("actions[1].themes[0].because")
        );
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.regions[0].priorities[0].themes[0].because = None;
        assert!(
            check::check(&data)
                .unwrap_err()
                .contains("a link of basis PRIORITY_WORDS quotes the words that make it")
        );
    }

    #[test]
    fn an_error_names_the_line_and_the_field() {
        let text = SHIPPED_PLAN.replacen("name = \"Bas-Saint-Laurent\"", "nom = \"Bas\"", 1);
        let error = parse(&text).unwrap_err();
        let line = 1 + SHIPPED_PLAN[..SHIPPED_PLAN.find("name = \"Bas-Saint-Laurent\"").unwrap()]
            .matches('\n')
            .count();
        assert_eq!(error.at.map(|(line, _)| line), Some(line));
        assert_eq!(error.field.as_deref(), Some("regions[1].nom"));
        let text = SHIPPED_PLAN.replacen(
            "because = \"les besoins en relève\"",
            "because = \"la relève\"",
            1,
        );
        let error = parse(&text).unwrap_err();
        assert_eq!(
            error.field.as_deref(),
            Some("regions[1].priorities[0].themes[0].because")
        );
        let line = 1 + SHIPPED_PLAN[..SHIPPED_PLAN
            .find("because = \"les besoins en relève\"")
            .unwrap()]
            .matches('\n')
            .count();
        assert_eq!(
            error.in_file("plan.toml"),
            format!(
                "plan.toml:{line}: field `regions[1].priorities[0].themes[0].because`: \"la relève\" \
             is not quoted from the priority's title or excerpt; allowed: words of either, \
             exactly as published"
            )
        );
    }

    #[test]
    fn refuses_a_section_introduced_by_no_section() {
        let mut data = parse(SHIPPED_PLAN).unwrap();
        data.sections[2].introduced_by = Some("PREFACE".into());
        assert_eq!(
            check::check(&data).unwrap_err(),
            "sections[key = TARGETED_PRIORITIES].introduced_by: no other section keyed PREFACE"
        );
    }
}

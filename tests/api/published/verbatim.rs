//! Every string the server serves from the plan appears in the published text exactly, and
//! read in the plan's order they are the published text, but for the parts named below.

use serde_json::{Value, json};

use super::depth_first;
use super::fixture::{Reader, published_text};
use crate::support::TestServer;

/// Every served string of the plan, fetched as a client would.
const PLAN: &str = "{
  plan { title organization signatoryName signatoryTitle publishedOn
    sections { ...section sections { ...section sections { ...section } } }
    themes { name response }
    actions { number title regionList themeLinks { quote }
      indicator { name footnote target { label } } } }
  regions { number name priorities { number title excerpt themeLinks { quote } } } }
fragment section on PlanSection { key title paragraphs { text } }";

fn list(value: &Value) -> &Vec<Value> {
    value.as_array().expect("a list")
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string")
}

async fn every_served_string_appears_verbatim_in_the_published_text(server: TestServer) {
    let data = server.data(PLAN, json!({})).await;
    let plan = &data["plan"];
    // (what, the string served). A multi-paragraph text (a theme's response) is held whole: its
    // paragraphs are joined by one blank line, as in the published text.
    let mut exact: Vec<(String, &str)> = Vec::new();
    for field in ["title", "organization", "signatoryName", "signatoryTitle"] {
        exact.push((format!("plan.{field}"), text(&plan[field])));
    }
    for section in depth_first(&plan["sections"]) {
        let key = text(&section["key"]);
        exact.push((format!("section {key} title"), text(&section["title"])));
        for (index, paragraph) in list(&section["paragraphs"]).iter().enumerate() {
            exact.push((
                format!("section {key} paragraph {index}"),
                text(&paragraph["text"]),
            ));
        }
    }
    for theme in list(&plan["themes"]) {
        exact.push((
            format!("theme {} response", theme["name"]),
            text(&theme["response"]),
        ));
    }
    for action in list(&plan["actions"]) {
        let number = &action["number"];
        exact.push((format!("action {number} title"), text(&action["title"])));
        exact.push((
            format!("action {number} regionList"),
            text(&action["regionList"]),
        ));
        for link in list(&action["themeLinks"]) {
            if let Some(quote) = link["quote"].as_str() {
                exact.push((format!("action {number} theme link quote"), quote));
            }
        }
        let indicator = &action["indicator"];
        exact.push((
            format!("action {number} indicator name"),
            text(&indicator["name"]),
        ));
        exact.push((
            format!("action {number} target label"),
            text(&indicator["target"]["label"]),
        ));
        if let Some(footnote) = indicator["footnote"].as_str() {
            exact.push((format!("action {number} footnote"), footnote));
        }
    }
    for region in list(&data["regions"]) {
        for priority in list(&region["priorities"]) {
            let at = format!(
                "region {} priority {}",
                region["number"], priority["number"]
            );
            exact.push((format!("{at} title"), text(&priority["title"])));
            exact.push((format!("{at} excerpt"), text(&priority["excerpt"])));
            for link in list(&priority["themeLinks"]) {
                if let Some(quote) = link["quote"].as_str() {
                    exact.push((format!("{at} theme link quote"), quote));
                }
            }
        }
    }
    // Region and theme names are printed as headings in capitals; the served name, upper-cased,
    // is the heading.
    let mut headings: Vec<(String, String)> = Vec::new();
    for region in list(&data["regions"]) {
        let heading = format!(
            "{}. {}",
            region["number"],
            text(&region["name"]).to_uppercase()
        );
        headings.push((format!("region {} name", region["number"]), heading));
    }
    for theme in list(&plan["themes"]) {
        headings.push((
            format!("theme {} name", theme["name"]),
            text(&theme["name"]).to_uppercase(),
        ));
    }

    let published = published_text();
    let missing: Vec<String> = exact
        .iter()
        .map(|(what, served)| (what, *served))
        .chain(
            headings
                .iter()
                .map(|(what, served)| (what, served.as_str())),
        )
        .filter(|(_, served)| served.trim().is_empty() || !published.contains(served))
        .map(|(what, served)| format!("{what}: {served:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the published text:\n{}",
        missing.join("\n")
    );
    println!(
        "{} served strings held against the published text: {} exactly as served, {} region and theme names as their printed headings",
        exact.len() + headings.len(),
        exact.len(),
        headings.len()
    );
    assert!(exact.len() + headings.len() > 200);
}

/// "2018-02-28" as the plan prints it: "Le 28 février 2018".
fn printed_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let [year, month, day] = date.split('-').collect::<Vec<_>>()[..] else {
        panic!("{date:?} is not a date")
    };
    let month = MONTHS[month.parse::<usize>().unwrap() - 1];
    format!("Le {} {month} {year}", day.parse::<u32>().unwrap())
}

async fn the_served_plan_reads_as_the_published_text(server: TestServer) {
    let data = server.data(PLAN, json!({})).await;
    let plan = &data["plan"];
    let published = published_text();
    let mut reader = Reader::new(&published);
    let sections = depth_first(&plan["sections"]);
    // Not served: the cover and the table of contents.
    let cover = reader.skip_to(text(&sections[0]["title"]));
    assert!(cover.contains("TABLE DES MATIÈRES"), "{cover}");
    let running_header = format!("{} d'{}", text(&plan["title"]), text(&plan["organization"]));
    for section in sections {
        let key = text(&section["key"]);
        // The page's running header is the plan's title and organization.
        if reader.rest().trim_start().starts_with(&running_header) {
            reader.next(&running_header);
        }
        reader.next(text(&section["title"]));
        for paragraph in list(&section["paragraphs"]) {
            reader.next(text(&paragraph["text"]));
        }
        match key {
            "MESSAGE" => {
                reader.next(&format!("{},", text(&plan["signatoryTitle"])));
                reader.next(text(&plan["signatoryName"]));
                reader.next(&printed_date(text(&plan["publishedOn"])));
            }
            "TARGETED_PRIORITIES" => {
                for region in list(&data["regions"]) {
                    reader.next(&format!(
                        "{}. {}",
                        region["number"],
                        text(&region["name"]).to_uppercase()
                    ));
                    for priority in list(&region["priorities"]) {
                        reader.next(&format!("PRIORITÉ {}", priority["number"]));
                        reader.next(text(&priority["title"]));
                        reader.next(&format!("« {} »", text(&priority["excerpt"])));
                    }
                }
            }
            "RESPONSES" => {
                for theme in list(&plan["themes"]) {
                    reader.next(&text(&theme["name"]).to_uppercase());
                    reader.next(text(&theme["response"]));
                }
            }
            _ => {}
        }
    }
    let actions = list(&plan["actions"]);
    let row = |action: &Value| {
        let indicator = &action["indicator"];
        let mark = if indicator["footnote"].is_string() {
            " ¹"
        } else {
            ""
        };
        format!(
            "{} {}\t{}\t{}{mark}\t{}",
            action["number"],
            text(&action["title"]),
            text(&indicator["name"]),
            text(&indicator["target"]["label"]),
            text(&action["regionList"])
        )
    };
    // Not served: the summary table's title and column headings (its rows are the actions).
    let headings = reader.skip_to(&row(&actions[0]));
    assert!(headings.starts_with("TABLEAU RÉCAPITULATIF"), "{headings}");
    for action in actions {
        reader.next(&row(action));
    }
    for action in actions {
        if let Some(footnote) = action["indicator"]["footnote"].as_str() {
            reader.next(&format!("¹ {footnote}"));
        }
    }
    assert_eq!(reader.rest().trim(), "", "the published text ends there");
}

on_both_backends!(
    every_served_string_appears_verbatim_in_the_published_text,
    the_served_plan_reads_as_the_published_text
);

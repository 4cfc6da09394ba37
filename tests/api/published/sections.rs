//! `Plan.sections`: the plan's own texts, in the plan's order, verbatim.

use serde_json::{Value, json};

use super::depth_first;
use super::fixture::{Reader, published_text};
use crate::support::{TestServer, strings};

const SECTIONS: &str =
    "{ plan { sections { ...section sections { ...section sections { key } } } } }
    fragment section on PlanSection { key title introducedBy { key } paragraphs { kind text } }";

/// (key, title as printed, paragraph kinds, introduced by, sub-sections).
type Expected = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    &'static [&'static str],
);

const TEXT: &str = "TEXT";
const ITEM: &str = "LIST_ITEM";

/// Every section, depth first, as the plan prints it.
const EXPECTED: [Expected; 8] = [
    (
        "MESSAGE",
        "MESSAGE DU PRÉSIDENT-DIRECTEUR GÉNÉRAL",
        &[TEXT; 3],
        None,
        &[],
    ),
    (
        "CONTEXT",
        "CONTEXTE",
        &[TEXT],
        None,
        &[
            "CONTEXT_STRATEGY",
            "CONTEXT_IMPORTANCE",
            "CONTEXT_REGIONAL_PRIORITIES",
            "CONTEXT_RESPONSES",
        ],
    ),
    (
        "CONTEXT_STRATEGY",
        "Stratégie gouvernementale pour assurer l'occupation et la vitalité des territoires 2018-2022",
        &[TEXT; 3],
        None,
        &[],
    ),
    (
        "CONTEXT_IMPORTANCE",
        "L'IMPORTANCE DES RÉGIONS POUR INVESTISSEMENT QUÉBEC",
        &[TEXT; 3],
        None,
        &[],
    ),
    (
        "CONTEXT_REGIONAL_PRIORITIES",
        "PRIORITÉS RÉGIONALES",
        &[TEXT],
        None,
        &[],
    ),
    (
        "CONTEXT_RESPONSES",
        "RÉPONSES D'INVESTISSEMENT QUÉBEC",
        &[TEXT, ITEM, ITEM, ITEM, ITEM, TEXT, TEXT],
        None,
        &[],
    ),
    (
        "TARGETED_PRIORITIES",
        "PRIORITÉS RÉGIONALES CIBLÉES",
        &[],
        Some("CONTEXT_REGIONAL_PRIORITIES"),
        &[],
    ),
    (
        "RESPONSES",
        "RÉPONSES D'INVESTISSEMENT QUÉBEC AUX PRIORITÉS RÉGIONALES CIBLÉES",
        &[TEXT; 2],
        Some("CONTEXT_RESPONSES"),
        &[],
    ),
];

async fn serves_the_plans_sections_in_order_verbatim(server: TestServer) {
    let data = server.data(SECTIONS, json!({})).await;
    let top = strings(&data["plan"]["sections"], "key");
    assert_eq!(
        top,
        ["MESSAGE", "CONTEXT", "TARGETED_PRIORITIES", "RESPONSES"]
    );
    let served = depth_first(&data["plan"]["sections"]);
    assert_eq!(served.len(), EXPECTED.len());
    let text = published_text();
    let mut reader = Reader::new(&text);
    for (section, (key, title, kinds, introduced_by, subsections)) in served.iter().zip(EXPECTED) {
        assert_eq!(section["key"], key);
        assert_eq!(section["title"], title, "{key}");
        assert_eq!(
            section["introducedBy"]["key"].as_str(),
            introduced_by,
            "{key}"
        );
        let served_subsections = strings(&section["sections"], "key");
        assert_eq!(served_subsections, subsections, "{key}");
        let paragraphs = section["paragraphs"].as_array().unwrap();
        let served_kinds = strings(&section["paragraphs"], "kind");
        assert_eq!(served_kinds, kinds, "{key}");
        // The heading, then each paragraph right after the one before: nothing between them
        // but the line breaks of the text.
        reader.skip_to(&format!("\n{title}\n"));
        reader.next(title);
        for paragraph in paragraphs {
            reader.next(paragraph["text"].as_str().unwrap());
        }
    }
}

async fn finds_a_section_by_key_at_any_depth(server: TestServer) {
    let data = server
        .data(
            r#"{ plan { strategy: section(key: "CONTEXT_STRATEGY") { title paragraphs { text } }
                        none: section(key: "PREFACE") { title } } }"#,
            json!({}),
        )
        .await;
    let strategy = &data["plan"]["strategy"];
    assert_eq!(
        strategy["title"],
        "Stratégie gouvernementale pour assurer l'occupation et la vitalité des territoires 2018-2022"
    );
    assert_eq!(
        strategy["paragraphs"][0]["text"],
        "Le Plan d'action pour l'occupation et la vitalité des territoires 2018-2020 \
         d'Investissement Québec s'inscrit dans le cadre de la nouvelle stratégie gouvernementale \
         pour assurer l'occupation et la vitalité des territoires 2018-2022. Il s'agit de la \
         deuxième stratégie depuis l'adoption de la loi."
    );
    assert_eq!(data["plan"]["none"], Value::Null);
}

on_both_backends!(
    serves_the_plans_sections_in_order_verbatim,
    finds_a_section_by_key_at_any_depth
);

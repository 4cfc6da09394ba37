//! `PlanSection` and `Paragraph`.
//!
//! A plan's sections are loaded all at once (one loader call per plan), so sub-sections and
//! `introducedBy` are read from what is loaded, not loaded again.

use std::sync::Arc;

use async_graphql::{Object, Result};
use entity::plan_paragraph;

use super::ParagraphKind;
use crate::service::section::Section;

/// A section of the plan's own text: its heading as printed, its paragraphs, its sub-sections.
pub struct PlanSection {
    /// Every section of the plan, in the plan's order.
    all: Arc<[Section]>,
    /// This one's place in `all`.
    at: usize,
}

impl PlanSection {
    /// The top-level sections among `all`, a plan's sections in order.
    pub fn top_level(all: Vec<Section>) -> Vec<Self> {
        Self::matching(all.into(), |section| section.section.parent_id.is_none())
    }

    /// The section keyed `key` among `all`, a plan's sections, at any depth.
    pub fn keyed(all: Vec<Section>, key: &str) -> Option<Self> {
        Self::matching(all.into(), |section| section.section.key == key)
            .into_iter()
            .next()
    }

    fn matching(all: Arc<[Section]>, wanted: impl Fn(&Section) -> bool) -> Vec<Self> {
        (0..all.len())
            .filter(|&at| wanted(&all[at]))
            .map(|at| Self {
                all: Arc::clone(&all),
                at,
            })
            .collect()
    }

    fn this(&self) -> &Section {
        &self.all[self.at]
    }
}

/// A section of the plan's own text: its heading as printed, its paragraphs, its sub-sections.
#[Object(serial)]
impl PlanSection {
    /// Stable key, unique in the plan: MESSAGE; CONTEXT, with CONTEXT_STRATEGY,
    /// CONTEXT_IMPORTANCE, CONTEXT_REGIONAL_PRIORITIES and CONTEXT_RESPONSES; TARGETED_PRIORITIES;
    /// RESPONSES.
    async fn key(&self) -> &str {
        &self.this().section.key
    }

    /// The heading exactly as printed, capitals included: "MESSAGE DU PRÉSIDENT-DIRECTEUR
    /// GÉNÉRAL", "Stratégie gouvernementale pour assurer l'occupation et la vitalité des
    /// territoires 2018-2022".
    async fn title(&self) -> &str {
        &self.this().section.title
    }

    /// The paragraphs printed under the heading, before any sub-section, in the plan's order;
    /// each item of a bulleted list is a paragraph of kind LIST_ITEM.
    #[graphql(complexity = "8 * child_complexity")]
    async fn paragraphs(&self) -> Vec<Paragraph<'_>> {
        self.this().paragraphs.iter().map(Paragraph).collect()
    }

    /// Its sub-sections, in the plan's order.
    #[graphql(complexity = "4 * child_complexity")]
    async fn sections(&self) -> Vec<PlanSection> {
        let id = self.this().section.id;
        Self::matching(Arc::clone(&self.all), |section| {
            section.section.parent_id == Some(id)
        })
    }

    /// The section elsewhere in the plan that announces this one, when this one does not
    /// introduce itself: TARGETED_PRIORITIES opens directly on the regions and is announced by
    /// CONTEXT_REGIONAL_PRIORITIES ("Ces priorités sont présentées, région par région, dans la
    /// prochaine section"); RESPONSES by CONTEXT_RESPONSES ("Dans la section suivante…").
    async fn introduced_by(&self) -> Option<PlanSection> {
        let id = self.this().section.introduced_by_id?;
        Self::matching(Arc::clone(&self.all), |section| section.section.id == id)
            .into_iter()
            .next()
    }
}

/// A paragraph of a section, or an item of a bulleted list, exactly as printed.
pub struct Paragraph<'a>(&'a plan_paragraph::Model);

/// A paragraph of a section, or an item of a bulleted list, exactly as printed.
#[Object(serial)]
impl Paragraph<'_> {
    /// A paragraph of text or an item of a bulleted list.
    async fn kind(&self) -> Result<ParagraphKind> {
        Ok(ParagraphKind::from_stored(&self.0.kind)?)
    }

    /// The text as published, without the extraction's markup (see the README).
    async fn text(&self) -> &str {
        &self.0.text
    }
}

//! `Plan`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::plan;

use super::{Action, Indicator, PlanSection, Theme};
use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::scalar::Date;

/// A published action plan answering the regions' priorities.
pub struct Plan(pub Arc<plan::Model>);

impl From<Arc<plan::Model>> for Plan {
    fn from(model: Arc<plan::Model>) -> Self {
        Self(model)
    }
}

impl From<plan::Model> for Plan {
    fn from(model: plan::Model) -> Self {
        Self(Arc::new(model))
    }
}

/// A published action plan answering the regions' priorities.
#[Object(serial)]
impl Plan {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Plan, self.0.id)
    }

    /// Stable short name: "iq-ovt-2018-2020" for the shipped plan. A plan, once loaded, does
    /// not change: a new version is loaded under a new slug.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Title as published.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The public body that published the plan.
    async fn organization(&self) -> &str {
        &self.0.organization
    }

    /// First year the plan covers.
    async fn start_year(&self) -> i32 {
        self.0.start_year
    }

    /// Last year the plan covers.
    async fn end_year(&self) -> i32 {
        self.0.end_year
    }

    /// Date of publication (the date of the signed message).
    async fn published_on(&self) -> Option<Date> {
        self.0.published_on.map(Date)
    }

    /// Who signed the plan: "Pierre Gabriel Côté".
    async fn signatory_name(&self) -> Option<&str> {
        self.0.signatory_name.as_deref()
    }

    /// The signatory's title as published: "Le président-directeur général".
    async fn signatory_title(&self) -> Option<&str> {
        self.0.signatory_title.as_deref()
    }

    /// The plan's own texts, section by section, in the plan's order: MESSAGE (the message of
    /// the président-directeur général, whose signature is `signatoryTitle`, `signatoryName`
    /// and `publishedOn`), CONTEXT and its sub-sections, TARGETED_PRIORITIES (followed in the
    /// plan by the regions' priorities: `Query.regions`), RESPONSES (followed by the themes'
    /// responses, `themes`, then the summary table, `actions`). What those fields serve is not
    /// repeated here.
    #[graphql(complexity = "4 * child_complexity")]
    async fn sections(&self, ctx: &Context<'_>) -> Vec<PlanSection> {
        let all = catalogue(ctx).sections_of_plan(self.0.id).to_vec();
        PlanSection::top_level(all)
    }

    /// The section keyed `key` ("MESSAGE", "CONTEXT_STRATEGY"…), at any depth; null when the
    /// plan has none so keyed.
    async fn section(&self, ctx: &Context<'_>, key: String) -> Option<PlanSection> {
        let all = catalogue(ctx).sections_of_plan(self.0.id).to_vec();
        PlanSection::keyed(all, &key)
    }

    /// Its themes (enjeux), in the plan's order.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Vec<Theme> {
        objects(catalogue(ctx).themes_of_plan(self.0.id))
    }

    /// Its actions, by number.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Vec<Action> {
        objects(catalogue(ctx).actions_of_plan(self.0.id))
    }

    /// The indicators of its actions, in action order.
    #[graphql(complexity = "6 * child_complexity")]
    async fn indicators(&self, ctx: &Context<'_>) -> Vec<Indicator> {
        objects(catalogue(ctx).indicators_of_plan(self.0.id))
    }
}

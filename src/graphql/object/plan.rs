//! `Plan`.

use async_graphql::{Context, ID, Object, Result};
use entity::plan;

use super::{Action, Indicator, PlanSection, Theme};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{
    ActionsOfPlan, IndicatorsOfPlan, SectionsOfPlan, ThemesOfPlan, load_list, load_one,
};
use crate::graphql::scalar::Date;

/// A published action plan answering the regions' priorities.
pub struct Plan(pub plan::Model);

impl From<plan::Model> for Plan {
    fn from(model: plan::Model) -> Self {
        Self(model)
    }
}

/// A published action plan answering the regions' priorities.
#[Object]
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
    async fn sections(&self, ctx: &Context<'_>) -> Result<Vec<PlanSection>> {
        let all = load_one::<SectionsOfPlan, _>(ctx, self.0.id).await?;
        Ok(PlanSection::top_level(all.unwrap_or_default()))
    }

    /// The section keyed `key` ("MESSAGE", "CONTEXT_STRATEGY"…), at any depth; null when the
    /// plan has none so keyed.
    async fn section(&self, ctx: &Context<'_>, key: String) -> Result<Option<PlanSection>> {
        let all = load_one::<SectionsOfPlan, _>(ctx, self.0.id).await?;
        Ok(PlanSection::keyed(all.unwrap_or_default(), &key))
    }

    /// Its themes (enjeux), in the plan's order.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        load_list::<ThemesOfPlan, _, _>(ctx, self.0.id).await
    }

    /// Its actions, by number.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Result<Vec<Action>> {
        load_list::<ActionsOfPlan, _, _>(ctx, self.0.id).await
    }

    /// The indicators of its actions, in action order.
    #[graphql(complexity = "6 * child_complexity")]
    async fn indicators(&self, ctx: &Context<'_>) -> Result<Vec<Indicator>> {
        load_list::<IndicatorsOfPlan, _, _>(ctx, self.0.id).await
    }
}

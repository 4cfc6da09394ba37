//! `Indicator` and its `Target`.

use async_graphql::{Context, ErrorExtensions, ID, Object, Result};
use entity::indicator;

use super::{Action, Comparator, Recurrence, Unit};
use crate::graphql::loader::{
    ActionById, IndicatorById, PartsOfIndicator, load_list, load_one, load_required,
};
use crate::graphql::node::{NodeKind, global_id};
use crate::graphql::scalar::{Date, Decimal};

/// The indicator that measures an action, with its published target.
pub struct Indicator(pub indicator::Model);

impl From<indicator::Model> for Indicator {
    fn from(model: indicator::Model) -> Self {
        Self(model)
    }
}

/// The indicator that measures an action, with its published target.
#[Object]
impl Indicator {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Indicator, self.0.id)
    }

    /// The indicator, as published.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What its values and target count.
    async fn unit(&self) -> Result<Unit> {
        Unit::from_stored(&self.0.unit).map_err(|error| error.extend())
    }

    /// The published target.
    async fn target(&self) -> Target {
        Target(self.0.clone())
    }

    /// The action it measures.
    async fn action(&self, ctx: &Context<'_>) -> Result<Action> {
        load_required::<ActionById, _>(ctx, self.0.action_id).await
    }

    /// The indicator whose total includes this one (the plan's footnote 1), if any.
    async fn part_of(&self, ctx: &Context<'_>) -> Result<Option<Indicator>> {
        match self.0.part_of_id {
            Some(whole) => Ok(load_one::<IndicatorById>(ctx, whole).await?.map(Indicator)),
            None => Ok(None),
        }
    }

    /// The indicators whose values this one's total includes.
    async fn parts(&self, ctx: &Context<'_>) -> Result<Vec<Indicator>> {
        load_list::<PartsOfIndicator, _, _>(ctx, self.0.id).await
    }

    /// The plan's footnote on this indicator, as published, if any.
    async fn footnote(&self) -> Option<&str> {
        self.0.footnote.as_deref()
    }
}

/// An indicator's published target.
pub struct Target(indicator::Model);

/// An indicator's published target.
#[Object]
impl Target {
    /// The figure to reach, in the indicator's unit: "1182" for "1 182 M$".
    async fn value(&self) -> Decimal {
        Decimal(self.0.target_value.0)
    }

    /// How a value is compared with the figure. The plan writes "≥" only for action 2; every
    /// target is a figure to reach, so all are AT_LEAST.
    async fn comparator(&self) -> Result<Comparator> {
        Comparator::from_stored(&self.0.target_comparator).map_err(|error| error.extend())
    }

    /// When the target is due; null when the plan gives no date (a yearly target).
    async fn due_on(&self) -> Option<Date> {
        self.0.target_due_on.map(Date)
    }

    /// Whether the target is due once or every fiscal year.
    async fn recurrence(&self) -> Result<Recurrence> {
        Recurrence::from_stored(&self.0.target_recurrence).map_err(|error| error.extend())
    }

    /// As published: "≥ 85 % au 31 mars 2019".
    async fn label(&self) -> &str {
        &self.0.target_label
    }
}

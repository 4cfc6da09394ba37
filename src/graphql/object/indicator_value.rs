//! `IndicatorValue`.

use async_graphql::{Context, ID, Object, Result};
use entity::indicator_value;

use super::{Indicator, Recorder, Region};
use crate::graphql::auth::may_audit;
use crate::graphql::catalogue::{catalogue, required};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{IndicatorValueById, TokenById, load_one};
use crate::graphql::scalar::{Date, DateTime, Decimal};
use crate::service::progress::fiscal_year_label;

/// A recorded value of an indicator. Values are never changed or deleted: a correction is a
/// new revision that supersedes the previous one.
pub struct IndicatorValue(pub indicator_value::Model);

impl From<indicator_value::Model> for IndicatorValue {
    fn from(model: indicator_value::Model) -> Self {
        Self(model)
    }
}

/// A recorded value of an indicator. Values are never changed or deleted: a correction is a
/// new revision that supersedes the previous one.
#[Object(serial)]
impl IndicatorValue {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::IndicatorValue, self.0.id)
    }

    /// The indicator measured.
    async fn indicator(&self, ctx: &Context<'_>) -> Result<Indicator> {
        let id = self.0.indicator_id;
        required(catalogue(ctx).indicator(id), "indicator", id)
    }

    /// Null: the value for all of Québec.
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<Region>> {
        self.0
            .region_id
            .map(|id| required(catalogue(ctx).region(id), "region", id))
            .transpose()
    }

    /// The figure, in the indicator's unit.
    async fn value(&self) -> Decimal {
        Decimal(self.0.value.0)
    }

    /// The date the value describes.
    async fn as_of(&self) -> Date {
        Date(self.0.as_of)
    }

    /// Fiscal year of asOf: "2018-2019" for 2018-04-01 to 2019-03-31.
    async fn fiscal_year(&self) -> String {
        fiscal_year_label(self.0.as_of)
    }

    /// When it was recorded.
    async fn recorded_at(&self) -> DateTime {
        DateTime(self.0.recorded_at)
    }

    /// Who recorded it: the token's name and role (a revoked token still names its values).
    /// Only an admin token reads it; for anyone else (no token, a reader's or an editor's,
    /// a revoked one) it is null, as it is for a value recorded without a token.
    async fn recorded_by(&self, ctx: &Context<'_>) -> Result<Option<Recorder>> {
        let Some(token) = self.0.recorded_by else {
            return Ok(None);
        };
        // Asked of each value, so a subscriber's connection is judged at each event: the
        // event is shared, the answer is the connection's own.
        if !may_audit(ctx).await? {
            return Ok(None);
        }
        Ok(load_one::<TokenById, _>(ctx, token).await?.map(Recorder))
    }

    /// Where the figure comes from, as the integrator said.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }

    /// A remark recorded with the figure.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// 1 for the first value of (indicator, region, asOf); each correction adds one. Nothing is overwritten.
    async fn revision(&self) -> i32 {
        self.0.revision
    }

    /// The revision this one corrects, if it is a correction.
    async fn supersedes(&self, ctx: &Context<'_>) -> Result<Option<IndicatorValue>> {
        match self.0.supersedes_id {
            Some(previous) => Ok(load_one::<IndicatorValueById, _>(ctx, previous)
                .await?
                .map(IndicatorValue)),
            None => Ok(None),
        }
    }
}

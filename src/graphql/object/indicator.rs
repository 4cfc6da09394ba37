//! `Indicator` and its `Target`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};
use chrono::Utc;
use entity::indicator;
use sea_orm::DatabaseConnection;

use super::connection::{
    DEFAULT_PAGE, MAX_PAGE, ValuePage, decode_cursor, encode_cursor, page_size,
};
use super::{
    Action, Bucket, Comparator, IndicatorValue, IndicatorValueConnection, Progress, Recurrence,
    SeriesPoint, Unit,
};
use crate::graphql::catalogue::{catalogue, objects, required};
use crate::graphql::error::bad_input;
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{LatestValue, load_one};
use crate::graphql::scalar::{Date, DateTime, Decimal};
use crate::service::value::history::{self, HistoryFilter};
use crate::service::value::{Scope, series};

/// The indicator that measures an action, with its published target.
pub struct Indicator(pub Arc<indicator::Model>);

impl From<Arc<indicator::Model>> for Indicator {
    fn from(model: Arc<indicator::Model>) -> Self {
        Self(model)
    }
}

impl From<indicator::Model> for Indicator {
    fn from(model: indicator::Model) -> Self {
        Self(Arc::new(model))
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
        Ok(Unit::from_stored(&self.0.unit)?)
    }

    /// The published target.
    async fn target(&self) -> Target {
        Target(self.0.clone())
    }

    /// The action it measures.
    async fn action(&self, ctx: &Context<'_>) -> Result<Action> {
        required(
            catalogue(ctx).action(self.0.action_id),
            "action",
            self.0.action_id,
        )
    }

    /// The indicator whose total includes this one (the plan's footnote 1), if any.
    async fn part_of(&self, ctx: &Context<'_>) -> Result<Option<Indicator>> {
        self.0
            .part_of_id
            .map(|whole| required(catalogue(ctx).indicator(whole), "indicator", whole))
            .transpose()
    }

    /// The indicators whose values this one's total includes.
    #[graphql(complexity = "6 * child_complexity")]
    async fn parts(&self, ctx: &Context<'_>) -> Vec<Indicator> {
        objects(catalogue(ctx).parts_of_indicator(self.0.id))
    }

    /// The plan's footnote on this indicator, as published, if any.
    async fn footnote(&self) -> Option<&str> {
        self.0.footnote.as_deref()
    }

    /// Newest current value; with no region: the value for all of Québec. With `knownAt`:
    /// as the database knew it at that moment (revisions recorded later are ignored).
    async fn latest(
        &self,
        ctx: &Context<'_>,
        region_number: Option<i32>,
        known_at: Option<DateTime>,
    ) -> Result<Option<IndicatorValue>> {
        let scope = self.scope(ctx, region_number, known_at)?;
        Ok(load_one::<LatestValue, _>(ctx, scope.into())
            .await?
            .map(IndicatorValue))
    }

    /// History, newest first, as a Relay connection: current values only, unless
    /// `includeSuperseded` also lists the revisions later ones correct. `first` is 20 by
    /// default and at most 100. With no region: the values for all of Québec. With `knownAt`:
    /// as the database knew it at that moment.
    #[allow(clippy::too_many_arguments)]
    #[graphql(
        complexity = "i64::from(first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)) as usize * child_complexity"
    )]
    async fn values(
        &self,
        ctx: &Context<'_>,
        region_number: Option<i32>,
        from: Option<Date>,
        to: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
        known_at: Option<DateTime>,
        #[graphql(default = false)] include_superseded: bool,
    ) -> Result<IndicatorValueConnection> {
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = HistoryFilter {
            scope: self.scope(ctx, region_number, known_at)?,
            from: from.map(|date| date.0),
            to: to.map(|date| date.0),
            include_superseded,
        };
        let db = ctx.data_unchecked::<DatabaseConnection>();
        // Boxed, as the series below: a database read's future takes kilobytes, and every
        // field of an indicator (`name`, `unit`…) is resolved in a future as large as its
        // largest field's, allocated and copied at each field (callgrind: 1.6% of the
        // instructions of an uncached dashboard request).
        let read = Box::pin(history::page(db, &filter, after, first + 1)).await?;
        Ok(IndicatorValueConnection {
            filter,
            page: ValuePage::new(read, first, after.is_some(), encode_cursor),
        })
    }

    /// For charts: the last current value in each bucket, oldest bucket first, from the bucket
    /// of `from` (default: of the first value) to the bucket of `to` (default: of the last
    /// value); a bucket without a value has a null `value`. At most 1,200 buckets.
    #[graphql(complexity = "120 * child_complexity")]
    async fn series(
        &self,
        ctx: &Context<'_>,
        bucket: Bucket,
        region_number: Option<i32>,
        from: Option<Date>,
        to: Option<Date>,
        known_at: Option<DateTime>,
    ) -> Result<Vec<SeriesPoint>> {
        let scope = self.scope(ctx, region_number, known_at)?;
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let points = Box::pin(series::series(
            db,
            &scope,
            bucket.into(),
            from.map(|date| date.0),
            to.map(|date| date.0),
        ))
        .await?;
        Ok(points.into_iter().map(SeriesPoint::from).collect())
    }

    /// Where the latest value stands against the target (see `Progress` for the rule). It is
    /// judged on `on`, by default the day of `knownAt`, or today (UTC).
    async fn progress(
        &self,
        ctx: &Context<'_>,
        region_number: Option<i32>,
        known_at: Option<DateTime>,
        on: Option<Date>,
    ) -> Result<Progress> {
        let scope = self.scope(ctx, region_number, known_at)?;
        let latest = load_one::<LatestValue, _>(ctx, scope.into()).await?;
        let today = on
            .map(|date| date.0)
            .or(known_at.map(|instant| instant.0.date_naive()));
        Ok(Progress::of(
            &self.0,
            latest,
            today.unwrap_or_else(|| Utc::now().date_naive()),
        )?)
    }
}

impl Indicator {
    /// The values of this indicator for `region_number` (none: all of Québec), as known at
    /// `known_at`.
    fn scope(
        &self,
        ctx: &Context<'_>,
        region_number: Option<i32>,
        known_at: Option<DateTime>,
    ) -> Result<Scope> {
        let region_id = match region_number {
            None => None,
            Some(number) => Some(
                catalogue(ctx)
                    .region_by_number(number)
                    .ok_or_else(|| {
                        bad_input(format!(
                            "regionNumber {number} is not a region: use 1 to 18, or omit it for all of Québec"
                        ))
                    })?
                    .id,
            ),
        };
        Ok(Scope {
            indicator_id: self.0.id,
            region_id,
            known_at: known_at.map(|instant| instant.0),
        })
    }
}

/// An indicator's published target.
pub struct Target(Arc<indicator::Model>);

/// An indicator's published target.
#[Object(serial)]
impl Target {
    /// The figure to reach, in the indicator's unit: "1182" for "1 182 M$".
    async fn value(&self) -> Decimal {
        Decimal(self.0.target_value.0)
    }

    /// First day of the period the target applies to: April 1 of the plan's first year (for
    /// an annual target, each fiscal year is a period of its own).
    async fn starts_on(&self) -> Date {
        Date(self.0.target_starts_on)
    }

    /// How a value is compared with the figure. The plan writes "≥" only for action 2; every
    /// target is a figure to reach, so all are AT_LEAST.
    async fn comparator(&self) -> Result<Comparator> {
        Ok(Comparator::from_stored(&self.0.target_comparator)?)
    }

    /// When the target is due; null when the plan gives no date (a yearly target).
    async fn due_on(&self) -> Option<Date> {
        self.0.target_due_on.map(Date)
    }

    /// Whether the target is due once or every fiscal year.
    async fn recurrence(&self) -> Result<Recurrence> {
        Ok(Recurrence::from_stored(&self.0.target_recurrence)?)
    }

    /// As published: "≥ 85 % au 31 mars 2019".
    async fn label(&self) -> &str {
        &self.0.target_label
    }
}

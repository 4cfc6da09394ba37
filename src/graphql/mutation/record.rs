//! `recordIndicatorValue` and `recordIndicatorValues`.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};
use chrono::Utc;

use crate::graphql::auth::require_writer;
use crate::graphql::input::{RecordIndicatorValueInput, RecordIndicatorValuePayload};
use crate::service::value::record::{self, Naming, NewValue};
use crate::service::value::writer::Writer;

#[derive(Default)]
pub struct RecordMutation;

#[Object]
impl RecordMutation {
    /// Records one value. Needs a token of role EDITOR or ADMIN (Authorization: Bearer <token>).
    /// A value for an (indicator, region, asOf) that has one already is a correction: it is
    /// recorded as the next revision and supersedes the previous one.
    async fn record_indicator_value(
        &self,
        ctx: &Context<'_>,
        input: RecordIndicatorValueInput,
    ) -> Result<RecordIndicatorValuePayload> {
        let mut recorded = record(ctx, vec![input], Naming::Single).await?;
        Ok(recorded.remove(0))
    }

    /// All or nothing: either every value is recorded, or none is and the error names the
    /// first bad input (`inputs[3]: …`). At most 1,000 inputs.
    async fn record_indicator_values(
        &self,
        ctx: &Context<'_>,
        inputs: Vec<RecordIndicatorValueInput>,
    ) -> Result<Vec<RecordIndicatorValuePayload>> {
        record(ctx, inputs, Naming::Batch).await
    }
}

async fn record(
    ctx: &Context<'_>,
    inputs: Vec<RecordIndicatorValueInput>,
    naming: Naming,
) -> Result<Vec<RecordIndicatorValuePayload>> {
    let token = require_writer(ctx).await?;
    let values: Vec<NewValue> = inputs
        .into_iter()
        .enumerate()
        .map(|(index, input)| input.into_new_value(naming, index))
        .collect::<Result<_>>()?;
    let writer = ctx.data_unchecked::<Arc<Writer>>();
    let today = Utc::now().date_naive();
    let recorded = record::record(writer, &token, &values, naming, today).await?;
    Ok(recorded
        .into_iter()
        .map(RecordIndicatorValuePayload::from)
        .collect())
}

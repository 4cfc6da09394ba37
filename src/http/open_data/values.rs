//! `GET /values.csv`: the values `Indicator.values` answers, every indicator's (or one's), as
//! one CSV file streamed a page at a time, so a million values leave in constant memory.

use std::collections::HashMap;

use bytes::Bytes;
use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{Body, Response, handler};

use super::csv_out::{encode, file, scalar_text};
use super::params::{RegionChoice, ValuesQuery};
use super::tables::VALUES;
use crate::graphql::error::code;
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::scalar::{DateTime, Decimal};
use crate::http::json_answer::{internal, refused};
use crate::service::open_data::{self, ExportedIndicator};
use crate::service::region;
use crate::service::value::Scope;
use crate::service::value::history::{self, HistoryFilter, Position};
use crate::state::AppState;

/// Values read and written at a time: the memory an export holds.
const PAGE: u64 = 1_000;

#[handler]
pub async fn values(
    Query(params): Query<HashMap<String, String>>,
    Data(state): Data<&AppState>,
) -> Response {
    let query = match ValuesQuery::parse(&params) {
        Ok(query) => query,
        Err(message) => return refused(StatusCode::BAD_REQUEST, message, code::BAD_USER_INPUT),
    };
    let db = state.db.clone();
    let regions = match region::all(&db).await {
        Ok(regions) => regions,
        Err(error) => return internal(&error, "exporting open data"),
    };
    // The scopes the export walks for each indicator, in this order.
    let region_ids: Vec<Option<i32>> = match query.region {
        RegionChoice::Every => std::iter::once(None)
            .chain(regions.iter().map(|region| Some(region.id)))
            .collect(),
        RegionChoice::Quebec => vec![None],
        RegionChoice::Region(number) => match regions.iter().find(|region| region.number == number)
        {
            Some(region) => vec![Some(region.id)],
            None => {
                return refused(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "region {number} is not a region: use 1 to 18, leave it empty for all \
                         of Québec alone, or omit it for every region"
                    ),
                    code::BAD_USER_INPUT,
                );
            }
        },
    };
    let indicators = match open_data::indicators(&db, query.indicator_id).await {
        Ok(indicators) => indicators,
        Err(error) => return internal(&error, "exporting open data"),
    };
    if query.indicator_id.is_some() && indicators.is_empty() {
        return refused(
            StatusCode::NOT_FOUND,
            "no indicator has this id: pass an indicator `id` exactly as the API returned it",
            code::NOT_FOUND,
        );
    }
    let numbers: HashMap<i32, i32> = regions.iter().map(|r| (r.id, r.number)).collect();
    let stream = async_stream::try_stream! {
        yield Bytes::from(encode([VALUES.header()]));
        for exported in indicators {
            for &region_id in &region_ids {
                let filter = HistoryFilter {
                    scope: Scope {
                        indicator_id: exported.indicator.id,
                        region_id,
                        known_at: query.known_at,
                    },
                    from: query.from,
                    to: query.to,
                    include_superseded: query.include_superseded,
                };
                let mut after = None;
                loop {
                    let page = history::page(&db, &filter, after, PAGE).await.map_err(|error| {
                        // The header has left: the connection is cut, so the file is visibly
                        // incomplete, and the cause goes to the log.
                        tracing::error!(%error, "database error during a values.csv export");
                        std::io::Error::other("the export could not be completed")
                    })?;
                    let Some(last) = page.last() else { break };
                    after = Some(Position { as_of: last.as_of, id: last.id });
                    let full = page.len() as u64 == PAGE;
                    yield Bytes::from(encode(page.iter().map(|value| row(&exported, &numbers, value))));
                    if !full {
                        break;
                    }
                }
            }
        }
    };
    file(
        VALUES.filename(),
        Body::from_bytes_stream::<_, _, std::io::Error>(stream),
    )
}

/// One value as a row under [`VALUES`]' header, each figure written as GraphQL writes it.
fn row(
    exported: &ExportedIndicator,
    regions: &HashMap<i32, i32>,
    value: &entity::indicator_value::Model,
) -> [String; 12] {
    let region = value
        .region_id
        .and_then(|id| regions.get(&id))
        .map_or_else(String::new, ToString::to_string);
    [
        global_id(NodeKind::Indicator, exported.indicator.id).0,
        region,
        value.as_of.to_string(),
        scalar_text(async_graphql::ScalarType::to_value(&Decimal(value.value.0))),
        value.source.clone().unwrap_or_default(),
        value.note.clone().unwrap_or_default(),
        // The import's key is not stored per value: a re-import gets none.
        String::new(),
        exported.plan_slug.clone(),
        exported.action_number.to_string(),
        global_id(NodeKind::IndicatorValue, value.id).0,
        value.revision.to_string(),
        scalar_text(async_graphql::ScalarType::to_value(&DateTime(
            value.recorded_at,
        ))),
    ]
}

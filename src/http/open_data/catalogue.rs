//! `GET /plan/regions.csv`, `/plan/priorities.csv`, `/plan/actions.csv` and `/plan.csv` (the
//! actions table, the plan's commitments): the stored catalogue as flat CSV tables, a few
//! hundred rows at most, so each is built whole.

use poem::web::Data;
use poem::{Body, Response, handler};

use super::csv_out::{encode, file, scalar_text};
use super::tables::{ACTIONS, PRIORITIES, REGIONS, Table};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::scalar::Decimal;
use crate::http::json_answer::internal;
use crate::service::open_data::catalogue::{self, CatalogueAction};
use crate::service::region;
use crate::state::AppState;

/// What joins the items of a list in one cell.
const LIST: &str = " | ";

#[handler]
pub async fn regions(Data(state): Data<&AppState>) -> Response {
    match region::all(&state.db).await {
        Ok(regions) => table(
            &REGIONS,
            REGIONS.filename(),
            regions.into_iter().map(|region| {
                vec![
                    region.number.to_string(),
                    region.slug,
                    region.name,
                    region.admin_region_code,
                ]
            }),
        ),
        Err(error) => internal(&error, "exporting open data"),
    }
}

#[handler]
pub async fn priorities(Data(state): Data<&AppState>) -> Response {
    match catalogue::priorities(&state.db).await {
        Ok(priorities) => table(
            &PRIORITIES,
            PRIORITIES.filename(),
            priorities.into_iter().map(|row| {
                vec![
                    row.region_number.to_string(),
                    row.priority.number.to_string(),
                    row.priority.title,
                    row.priority.excerpt,
                    row.theme_keys.join(LIST),
                ]
            }),
        ),
        Err(error) => internal(&error, "exporting open data"),
    }
}

#[handler]
pub async fn actions(Data(state): Data<&AppState>) -> Response {
    actions_as(state, ACTIONS.filename()).await
}

/// `/plan.csv`, the name the contract gives the plan's file: its actions table.
#[handler]
pub async fn plan(Data(state): Data<&AppState>) -> Response {
    actions_as(state, "plan.csv").await
}

/// The actions table, downloaded as `filename`.
async fn actions_as(state: &AppState, filename: &str) -> Response {
    match catalogue::actions(&state.db).await {
        Ok(rows) => table(&ACTIONS, filename, rows.into_iter().map(action_row)),
        Err(error) => internal(&error, "exporting open data"),
    }
}

/// One action as a row under [`ACTIONS`]' header; an action without an indicator leaves the
/// indicator's cells empty.
fn action_row(row: CatalogueAction) -> Vec<String> {
    let numbers: Vec<String> = row.region_numbers.iter().map(ToString::to_string).collect();
    let mut cells = vec![
        row.plan_slug,
        row.action.number.to_string(),
        row.action.title,
    ];
    match row.indicator {
        Some(indicator) => cells.extend([
            global_id(NodeKind::Indicator, indicator.id).0,
            indicator.name,
            indicator.unit,
            scalar_text(async_graphql::ScalarType::to_value(&Decimal(
                indicator.target_value.0,
            ))),
            indicator.target_comparator,
            indicator
                .target_due_on
                .map_or_else(String::new, |date| date.to_string()),
            indicator.target_recurrence,
            indicator.target_label,
        ]),
        None => cells.extend(std::iter::repeat_n(String::new(), 8)),
    }
    cells.push(numbers.join(LIST));
    cells
}

/// `rows` under `table`'s header, as the download `filename`.
fn table(table: &Table, filename: &str, rows: impl Iterator<Item = Vec<String>>) -> Response {
    let header = table.header().into_iter().map(str::to_owned).collect();
    file(
        filename,
        Body::from(encode(std::iter::once(header).chain(rows))),
    )
}

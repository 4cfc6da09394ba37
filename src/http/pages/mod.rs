//! The plan's public pages, in French: `/` (the plan, its themes and regions), `/regions/{slug}`
//! and `/indicators/{number}`. Each is a static shell whose script asks the public GraphQL API
//! what to show (`POST /graphql`) and follows recorded values over its WebSocket, as any
//! front-end app would; the server only says whether the region or indicator exists, so that
//! an unknown one is a real 404. Assets are compiled into the binary: the pages work offline.

mod assets;

use poem::http::StatusCode;
use poem::web::{Data, Html, Path};
use poem::{IntoResponse, Response, Route, get, handler};

use crate::error::Result;
use crate::service::{action, plan, region};
use crate::state::AppState;

/// The home page.
const HOME: &str = include_str!("assets/home.html");
/// A region's page; `{{REGION_NUMBER}}` becomes the region's number, which the script needs for
/// its single query (`latest(regionNumber:)` and the like take a number, the URL a slug).
const REGION: &str = include_str!("assets/region.html");
/// An indicator's page; `{{ACTION_NUMBER}}` becomes the number of its action.
const INDICATOR: &str = include_str!("assets/indicator.html");
/// What an unknown region or indicator gets, with status 404.
const NOT_FOUND: &str = include_str!("assets/not-found.html");

/// `routes` with the pages' routes, and their assets under `/pages/`.
pub fn mount(routes: Route) -> Route {
    routes
        .at("/", get(home))
        .at("/regions/:slug", get(region_page))
        .at("/indicators/:number", get(indicator_page))
        .at("/pages/:asset", get(assets::asset))
}

#[handler]
fn home() -> Response {
    shell(HOME.to_owned())
}

#[handler]
async fn region_page(Data(state): Data<&AppState>, Path(slug): Path<String>) -> Response {
    match region::by_slug(&state.db, &slug).await {
        Ok(Some(found)) => shell(REGION.replace("{{REGION_NUMBER}}", &found.number.to_string())),
        Ok(None) => not_found(),
        Err(error) => internal(&error),
    }
}

#[handler]
async fn indicator_page(Data(state): Data<&AppState>, Path(number): Path<String>) -> Response {
    // A number with a sign, leading zeros or spaces names no indicator: only the canonical
    // spelling is a page, so that each page has one address.
    let Some(number) = number
        .parse::<i32>()
        .ok()
        .filter(|parsed| parsed.to_string() == number)
    else {
        return not_found();
    };
    match indicator_exists(state, number).await {
        Ok(true) => shell(INDICATOR.replace("{{ACTION_NUMBER}}", &number.to_string())),
        Ok(false) => not_found(),
        Err(error) => internal(&error),
    }
}

/// Whether the default plan has an action numbered `number` (each action has one indicator).
async fn indicator_exists(state: &AppState, number: i32) -> Result<bool> {
    let Some(default) = plan::default(&state.db).await? else {
        return Ok(false);
    };
    Ok(action::by_number(&state.db, default.id, number)
        .await?
        .is_some())
}

/// A page, never cached: its script and data may change with the binary and the store.
fn shell(page: String) -> Response {
    Html(page)
        .with_header("Cache-Control", "no-cache")
        .into_response()
}

fn not_found() -> Response {
    Html(NOT_FOUND)
        .with_status(StatusCode::NOT_FOUND)
        .into_response()
}

fn internal(error: &crate::error::Error) -> Response {
    tracing::error!(%error, "database error while serving a page");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

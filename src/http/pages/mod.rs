//! The plan's public pages, in French: `/` (the plan, its themes and regions), `/regions/{slug}`
//! and `/indicators/{number}`. Each is a static shell whose script asks the public GraphQL API
//! what to show (`POST /graphql`) and follows recorded values over its WebSocket, as any
//! front-end app would; the server only says whether the region or indicator exists, so that
//! an unknown one is a real 404. Assets are compiled into the binary: the pages work offline.

mod assets;

use poem::http::StatusCode;
use poem::web::{Data, Html, Path};
use poem::{IntoResponse, Response, Route, get, handler};

use crate::state::AppState;

/// Every page's HTML: head, site header and footer; a page fills in its title, its scripts, the
/// attributes its script reads from `<body>`, and what `<main>` holds until the script runs.
const SHELL: &str = include_str!("assets/shell.html");

/// What a page shows in `<main>` until its script has read the API.
const LOADING: &str = "      <p role=\"status\">{{LOADING}}</p>
      <noscript><p>Cette page lit ses données avec JavaScript, auprès de l'API GraphQL (<a href=\"/graphiql\">GraphiQL</a>).</p></noscript>
";

/// The scripts of a page that charts values and follows them live, before its own.
const LIVE_HEAD: &str = "    <link rel=\"stylesheet\" href=\"/pages/uPlot.min.css\">
    <script src=\"/pages/uPlot.iife.min.js\" defer></script>
    <script src=\"/pages/graphql-ws.min.js\" defer></script>
    <script src=\"/pages/api.js\" defer></script>
    <script src=\"/pages/charts.js\" defer></script>
";

/// `SHELL` with its parts filled in.
fn page(title: &str, head: &str, body_attributes: &str, main: &str) -> String {
    SHELL
        .replace("{{TITLE}}", title)
        .replace("{{HEAD}}", head)
        .replace("{{BODY_ATTRIBUTES}}", body_attributes)
        .replace("{{MAIN}}", main)
}

/// `LOADING` saying `what` is being read.
fn loading(what: &str) -> String {
    LOADING.replace("{{LOADING}}", what)
}

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
    shell(page(
        "Plan d'action pour l'occupation et la vitalité des territoires 2018-2020",
        "    <script src=\"/pages/api.js\" defer></script>\n    <script src=\"/pages/home.js\" defer></script>\n",
        "",
        &loading("Chargement du plan…"),
    ))
}

#[handler]
async fn region_page(Data(state): Data<&AppState>, Path(slug): Path<String>) -> Response {
    let catalogue = match state.catalogues.current().await {
        Ok(catalogue) => catalogue,
        Err(error) => return internal(&error),
    };
    match catalogue.region_by_slug(&slug) {
        // The script's one query takes the region's number (`latest(regionNumber:)` and the
        // like), the URL its slug.
        Some(found) => shell(page(
            "Région",
            &format!("{LIVE_HEAD}    <script src=\"/pages/region.js\" defer></script>\n"),
            &format!(" data-region-number=\"{}\"", found.number),
            &loading("Chargement de la région…"),
        )),
        None => not_found(),
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
    let catalogue = match state.catalogues.current().await {
        Ok(catalogue) => catalogue,
        Err(error) => return internal(&error),
    };
    // The default plan's action with that number (each action has one indicator).
    let exists = catalogue
        .default_plan()
        .is_some_and(|plan| catalogue.action_by_number(plan.id, number).is_some());
    if !exists {
        return not_found();
    }
    shell(page(
        "Indicateur",
        &format!("{LIVE_HEAD}    <script src=\"/pages/indicator.js\" defer></script>\n"),
        &format!(" data-action-number=\"{number}\""),
        &loading("Chargement de l'indicateur…"),
    ))
}

/// A page, never cached: its script and data may change with the binary and the store.
fn shell(page: String) -> Response {
    Html(page)
        .with_header("Cache-Control", "no-cache")
        .into_response()
}

fn not_found() -> Response {
    Html(page(
        "Page introuvable",
        "",
        "",
        "      <h1>Page introuvable</h1>
      <p>Aucune région ni aucun indicateur du plan ne porte ce nom. Les 18 régions et les six
        indicateurs sont listés sur la <a href=\"/\">page du plan</a>.</p>
",
    ))
    .with_status(StatusCode::NOT_FOUND)
    .into_response()
}

fn internal(error: &crate::error::Error) -> Response {
    tracing::error!(%error, "database error while serving a page");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

//! `/graphiql`: GraphiQL served from assets compiled into the binary, so it works offline.

use poem::http::StatusCode;
use poem::web::{Html, Path};
use poem::{IntoResponse, Response, Route, get, handler};

/// The page; it loads its scripts and styles from the routes below, never from another host.
const PAGE: &str = include_str!("graphiql/index.html");

/// The assets, by file name: (content, media type). Copied unmodified from their npm packages
/// (see graphiql/LICENSES.txt).
const ASSETS: &[(&str, &[u8], &str)] = &[
    (
        "graphiql.min.js",
        include_bytes!("graphiql/graphiql.min.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "graphiql.min.css",
        include_bytes!("graphiql/graphiql.min.css"),
        "text/css; charset=utf-8",
    ),
    (
        "react.production.min.js",
        include_bytes!("graphiql/react.production.min.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "react-dom.production.min.js",
        include_bytes!("graphiql/react-dom.production.min.js"),
        "text/javascript; charset=utf-8",
    ),
];

pub fn routes() -> Route {
    Route::new().at("/", get(page)).at("/:asset", get(asset))
}

#[handler]
fn page() -> Html<&'static str> {
    Html(PAGE)
}

#[handler]
fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content, media_type)) => content
            .with_content_type(*media_type)
            // The assets change only with the binary; a day keeps upgrades visible soon enough.
            .with_header("Cache-Control", "public, max-age=86400")
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

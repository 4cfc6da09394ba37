//! `/graphiql`: GraphiQL served from assets compiled into the binary, so it works offline.

use poem::http::StatusCode;
use poem::web::{Html, Path};
use poem::{IntoResponse, Response, Route, get, handler};

/// The page; it loads its scripts and styles from the routes below, never from another host,
/// and has no inline script, so that a Content-Security-Policy can allow same-origin scripts
/// only.
const PAGE: &str = include_str!("graphiql/index.html");

/// The assets, by file name: (content, media type). `page.js`, `page.css` and `favicon.svg`
/// are the page's own (the fetcher, the default tabs, the layout, the icon); the others are
/// copied unmodified from their npm packages (see graphiql/LICENSES.txt).
const ASSETS: &[(&str, &[u8], &str)] = &[
    (
        "page.js",
        include_bytes!("graphiql/page.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "page.css",
        include_bytes!("graphiql/page.css"),
        "text/css; charset=utf-8",
    ),
    (
        "favicon.svg",
        include_bytes!("graphiql/favicon.svg"),
        "image/svg+xml",
    ),
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

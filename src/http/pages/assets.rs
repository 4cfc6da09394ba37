//! `/pages/{file}`: the pages' scripts and styles, compiled into the binary. The `vendor/`
//! files are copied unmodified from their npm packages (see assets/vendor/LICENSES.txt).

use poem::http::StatusCode;
use poem::web::Path;
use poem::{IntoResponse, Response, handler};

/// JavaScript, as browsers want it named.
const JS: &str = "text/javascript; charset=utf-8";
/// CSS.
const CSS: &str = "text/css; charset=utf-8";

/// The assets, by file name: (content, media type).
const ASSETS: &[(&str, &[u8], &str)] = &[
    ("pages.css", include_bytes!("assets/pages.css"), CSS),
    ("api.js", include_bytes!("assets/api.js"), JS),
    ("home.js", include_bytes!("assets/home.js"), JS),
    ("charts.js", include_bytes!("assets/charts.js"), JS),
    ("region.js", include_bytes!("assets/region.js"), JS),
    ("indicator.js", include_bytes!("assets/indicator.js"), JS),
    (
        "uPlot.iife.min.js",
        include_bytes!("assets/vendor/uPlot.iife.min.js"),
        JS,
    ),
    (
        "uPlot.min.css",
        include_bytes!("assets/vendor/uPlot.min.css"),
        CSS,
    ),
    (
        "graphql-ws.min.js",
        include_bytes!("assets/vendor/graphql-ws.min.js"),
        JS,
    ),
];

#[handler]
pub fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content, media_type)) => content
            .with_content_type(*media_type)
            // The assets change only with the binary: an hour keeps an upgrade visible soon.
            .with_header("Cache-Control", "public, max-age=3600")
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

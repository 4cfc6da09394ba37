//! The HTTP surface: `/graphql`, `/graphiql`, the public pages (`/`, `/regions/…`,
//! `/indicators/…`), open data, `/health` and `/metrics`.

mod graphiql;
mod graphql;
mod health;
mod json_answer;
mod metrics;
mod open_data;
mod pages;
mod rate_limit;
mod request_log;
mod security_headers;
mod values_import;
mod websocket_admission;
mod websocket_runtime;

use std::num::NonZeroU32;
use std::sync::Arc;

use poem::endpoint::BoxEndpoint;
use poem::http::Method;
use poem::middleware::{Compression, Cors};
use poem::{EndpointExt, Route, get};

use crate::config::{HttpOptions, Limits};
use crate::graphql::api::build;
use crate::state::AppState;
use graphql::cache::ResponseCache;
use rate_limit::RateLimiter;
use websocket_admission::WebSocketAdmission;

/// Every route of the server, wired to `state`, within `limits`.
pub fn app(state: &AppState, limits: &Limits, options: &HttpOptions) -> BoxEndpoint<'static> {
    let api = build(state, limits);
    let graphql = get(graphql::get).post(graphql::post);
    let graphql = match NonZeroU32::new(options.rate_limit) {
        Some(per_minute) => {
            let limiter = RateLimiter::start(per_minute);
            graphql
                .around(move |endpoint, request| {
                    rate_limit::around(endpoint, request, Arc::clone(&limiter))
                })
                .boxed()
        }
        None => graphql.boxed(),
    };
    let routes = pages::mount(Route::new())
        .at("/graphql", graphql)
        .nest("/graphiql", graphiql::routes())
        .at("/health", get(health::health))
        .at("/metrics", get(metrics::metrics))
        .at(
            "/values.csv",
            get(open_data::values::values).post(values_import::post),
        )
        .at("/plan.csv", get(open_data::catalogue::plan))
        .at("/plan/regions.csv", get(open_data::catalogue::regions))
        .at(
            "/plan/priorities.csv",
            get(open_data::catalogue::priorities),
        )
        .at("/plan/actions.csv", get(open_data::catalogue::actions))
        .at(
            "/datapackage.json",
            get(open_data::datapackage::datapackage),
        )
        .data(api)
        .data(state.clone())
        .data(limits.clone())
        .data(WebSocketAdmission::new(
            &limits.websocket,
            Arc::clone(&state.metrics),
        ))
        .data(
            options
                .response_cache
                .then(|| Arc::new(ResponseCache::new(options.response_cache_bytes))),
        )
        .with(Compression::new());
    let logged_state = state.clone();
    let logged = routes.around(move |endpoint, request| {
        request_log::around(endpoint, request, logged_state.clone())
    });
    let secured = logged.around(security_headers::around);
    if options.cors_origins.is_empty() {
        // No CORS headers at all: browsers then allow same-origin pages only.
        return secured.boxed();
    }
    let cors = Cors::new()
        .allow_origins(options.cors_origins.iter().map(String::as_str))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(["content-type", "authorization", "x-request-id"])
        .expose_headers(["x-request-id"]);
    secured.with(cors).boxed()
}

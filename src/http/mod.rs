//! The HTTP surface: `/graphql`, `/graphiql`, `/`, `/health` and `/metrics`.

mod graphiql;
mod graphql;
mod health;
mod metrics;

use poem::endpoint::BoxEndpoint;
use poem::middleware::Compression;
use poem::web::Redirect;
use poem::{EndpointExt, Route, get, handler};

use crate::config::Limits;
use crate::graphql::build;
use crate::state::AppState;

/// Every route of the server, wired to `state`, within `limits`.
pub fn app(state: &AppState, limits: &Limits) -> BoxEndpoint<'static> {
    let schema = build(state, limits);
    Route::new()
        .at("/", get(home))
        .at("/graphql", get(graphql::get).post(graphql::post))
        .nest("/graphiql", graphiql::routes())
        .at("/health", get(health::health))
        .at("/metrics", get(metrics::metrics))
        .data(schema)
        .data(state.clone())
        .data(limits.clone())
        .with(Compression::new())
        .boxed()
}

#[handler]
fn home() -> Redirect {
    Redirect::see_other("/graphiql")
}

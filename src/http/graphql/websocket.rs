//! The WebSocket of subscriptions at `/graphql` (`graphql-transport-ws` and `graphql-ws`).

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_poem::{GraphQLProtocol, GraphQLWebSocket};
use poem::web::websocket::WebSocket;
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, Result};

use crate::graphql::AppSchema;
use crate::graphql::auth::Credentials;

/// Upgrades to a GraphQL WebSocket; the token, if any, comes in `connection_init`.
pub async fn upgrade(
    schema: &AppSchema,
    request: &Request,
    websocket: WebSocket,
) -> Result<Response> {
    let protocol = GraphQLProtocol::from_request(request, &mut RequestBody::default()).await?;
    let schema = schema.clone();
    Ok(websocket
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(|payload| async move {
                    let mut data = Data::default();
                    data.insert(Credentials::from_init_payload(&payload));
                    Ok(data)
                })
                .serve()
        })
        .into_response())
}

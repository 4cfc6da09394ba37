//! `/graphql`: POST with a JSON body, GET with the query in the URL, and GET with
//! `Upgrade: websocket` for subscriptions (`graphql-transport-ws` and `graphql-ws`).

use async_graphql::Data as GraphqlData;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_poem::{
    GraphQLBatchRequest, GraphQLBatchResponse, GraphQLProtocol, GraphQLWebSocket,
};
use poem::http::header::AUTHORIZATION;
use poem::web::Data;
use poem::web::websocket::WebSocket;
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, Result, handler};

use crate::graphql::auth::Credentials;
use crate::graphql::{AppSchema, execute};
use crate::state::AppState;

/// GraphQL over HTTP, POST.
#[handler]
pub async fn post(
    schema: Data<&AppSchema>,
    state: Data<&AppState>,
    request: &Request,
    body: GraphQLBatchRequest,
) -> GraphQLBatchResponse {
    execute(&schema, &state.db, &credentials(request), body.0)
        .await
        .into()
}

/// GraphQL over HTTP, GET; or the WebSocket of subscriptions when the client asks to upgrade.
#[handler]
pub async fn get(
    schema: Data<&AppSchema>,
    state: Data<&AppState>,
    request: &Request,
    websocket: Option<WebSocket>,
) -> Result<Response> {
    let Some(websocket) = websocket else {
        let body = GraphQLBatchRequest::from_request(request, &mut RequestBody::default()).await?;
        let response: GraphQLBatchResponse =
            execute(&schema, &state.db, &credentials(request), body.0)
                .await
                .into();
        return Ok(response.into_response());
    };
    let protocol = GraphQLProtocol::from_request(request, &mut RequestBody::default()).await?;
    let schema = schema.clone();
    Ok(websocket
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(|payload| async move {
                    let mut data = GraphqlData::default();
                    data.insert(Credentials::from_init_payload(&payload));
                    Ok(data)
                })
                .serve()
        })
        .into_response())
}

fn credentials(request: &Request) -> Credentials {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    Credentials(header.map(str::to_owned))
}

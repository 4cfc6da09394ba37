//! The WebSocket of subscriptions at `/graphql` (`graphql-transport-ws` and `graphql-ws`).
//!
//! A connection beyond the caps in all or per client address is refused before the upgrade
//! (`websocket_admission.rs`). Each connection is then served by its session
//! ([`session`]), which speaks the protocol ([`protocol`]) and holds the connection to its
//! limits, with the close codes of `graphql-transport-ws`: 4408 when `connection_init` does not
//! come in time, 4409 for a second operation with an active id, 4429 for a second
//! `connection_init`, 1009 for a message over the size limit, 1002 for one that is not a
//! protocol message, 1011 for an operation before `connection_init`; and it closes every
//! connection normally (1000) when the server stops. What the session sends is written out by
//! [`write`]. Connections are served on a runtime of their own (`websocket_runtime.rs`).
//!
//! The protocol is spoken here rather than by async-graphql's `WebSocket` so that an event's
//! answer is written as JSON once for all the subscribers who share it, and each of them only
//! frames that text.

mod protocol;
mod session;
mod write;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_poem::GraphQLProtocol;
use futures_channel::mpsc;
use futures_util::StreamExt;
use poem::web::Data as PoemData;
use poem::web::websocket::{Message, WebSocket, WebSocketConfig};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, Result};

use crate::config::WebSocketLimits;
use crate::graphql::api::Api;
use crate::http::websocket_admission::WebSocketAdmission;
use crate::http::websocket_runtime;
use crate::state::AppState;

/// Bytes read from a socket at a time. Subscription messages are small, and tungstenite's
/// default (128 KiB, allocated when the connection opens) would make 10,000 idle subscribers
/// cost 1.3 GB. A larger message takes several reads, and the buffer grows to hold it, up to
/// the message limit.
const READ_BUFFER_BYTES: usize = 1024;
/// Bytes of messages gathered before they are written out. A subscriber behind by several
/// events gets them in one write instead of one each ([`write::forward`]); a lone event is
/// written out at once, whatever its size.
const WRITE_BUFFER_BYTES: usize = 4 * 1024;
/// Messages to the client that may wait for the socket before the session waits too.
const OUTGOING_MESSAGES: usize = 64;

/// Upgrades to a GraphQL WebSocket; the token, if any, comes in `connection_init`.
pub async fn upgrade(
    api: &Api,
    state: &AppState,
    limits: &WebSocketLimits,
    request: &Request,
    websocket: WebSocket,
) -> Result<Response> {
    let GraphQLProtocol(protocol) =
        GraphQLProtocol::from_request(request, &mut RequestBody::default()).await?;
    let admission = PoemData::<&WebSocketAdmission>::from_request_without_body(request).await?;
    let address = request.remote_addr().as_socket_addr();
    let slot = match admission.admit(address.map(|address| address.ip().to_canonical())) {
        Ok(slot) => slot,
        Err(refused) => return Ok(refused.into_response()),
    };
    let (api, state, limits) = (api.clone(), state.clone(), limits.clone());
    // The write buffer is a ceiling, not a wait: `forward` flushes as soon as no message is
    // waiting, so each event still goes out the moment it is the last one queued.
    let config = WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES);
    Ok(websocket
        .config(config)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            websocket_runtime::serve(async move {
                // Held until this task ends, however it ends.
                let _slot = slot;
                let _open = state.shutdown.hold();
                let (sink, incoming) = socket.split();
                let (outgoing, to_client) = mpsc::channel::<Message>(OUTGOING_MESSAGES);
                let session = session::serve(
                    api,
                    protocol.into(),
                    limits,
                    state.clone(),
                    incoming,
                    outgoing,
                );
                futures_util::join!(session, write::forward(to_client, sink));
            })
        })
        .into_response())
}

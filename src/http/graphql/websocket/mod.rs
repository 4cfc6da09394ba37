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
use futures_util::FutureExt;
use poem::web::Data as PoemData;
use poem::web::websocket::{WebSocket, WebSocketConfig};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, Result};

use crate::config::WebSocketLimits;
use crate::graphql::api::Api;
use crate::http::websocket_admission::WebSocketAdmission;
use crate::http::websocket_runtime;
use crate::state::AppState;
use session::Session;

/// Bytes read from a socket at a time, allocated when the connection opens. A client sends
/// few and small messages (`connection_init`, `subscribe`: the benchmark's are 26 and 121
/// bytes), and the buffer is held for the connection's life: tungstenite's default, 128 KiB,
/// would make 10,000 idle subscribers cost 1.3 GB, and 1 KiB cost them 10 MB. A larger
/// message takes several reads, and the buffer grows to hold it, up to the message limit.
const READ_BUFFER_BYTES: usize = 256;
/// Bytes of messages gathered before they are written out. A subscriber behind by several
/// events gets them in one write instead of one each ([`write::Writer`]); a lone event is
/// written out at once, whatever its size.
const WRITE_BUFFER_BYTES: usize = 4 * 1024;

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
    let (api, shutdown, limits) = (api.clone(), state.shutdown.clone(), limits.clone());
    // The write buffer is a ceiling, not a wait: the writer flushes as soon as no message is
    // ready, so each event still goes out the moment it is the last one ready.
    let config = WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES);
    Ok(websocket
        .config(config)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            // Counted open from here until the connection ends, however it ends.
            let open = shutdown.hold();
            let session = Session::new(api, protocol.into(), limits);
            // Built here, without an `async` block, which would keep room for what it captured
            // beside the future it made of them: the connection is held in memory for as long
            // as it is open, ten thousand times over.
            let connection = session
                .run(socket, shutdown)
                .map(move |()| drop((slot, open)));
            websocket_runtime::serve(connection)
        })
        .into_response())
}

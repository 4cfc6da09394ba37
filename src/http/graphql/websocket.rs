//! The WebSocket of subscriptions at `/graphql` (`graphql-transport-ws` and `graphql-ws`).
//!
//! A connection beyond the caps in all or per client address is refused before the upgrade
//! (`websocket_admission.rs`). async-graphql speaks the protocols; a guard in front of it holds
//! each connection to its limits, with the close codes of `graphql-transport-ws`: 4408 when
//! `connection_init` does not come in time, 4409 for a second operation with an active id, 1009
//! for a message over the size limit; and it closes every connection normally (1000) when the
//! server stops. Connections are served on a runtime of their own (`websocket_runtime.rs`).

use std::collections::HashSet;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_poem::{GraphQLProtocol, GraphQLWebSocket};
use futures_channel::mpsc;
use futures_util::{SinkExt, Stream, StreamExt};
use poem::web::Data as PoemData;
use poem::web::websocket::{Message, WebSocket, WebSocketConfig};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, Result};
use serde::Deserialize;
use serde_json::json;

use crate::config::WebSocketLimits;
use crate::graphql::api::Api;
use crate::graphql::auth::Credentials;
use crate::graphql::error::{code, refusal};
use crate::http::websocket_admission::WebSocketAdmission;
use crate::http::websocket_runtime;
use crate::state::AppState;

/// Bytes read from a socket at a time. Subscription messages are small, and tungstenite's
/// default (128 KiB, allocated when the connection opens) would make 10,000 idle subscribers
/// cost 1.3 GB. A larger message takes several reads, and the buffer grows to hold it, up to
/// the message limit.
const READ_BUFFER_BYTES: usize = 1024;

/// Operation ids a connection runs now.
type ActiveIds = Arc<Mutex<HashSet<String>>>;

/// Upgrades to a GraphQL WebSocket; the token, if any, comes in `connection_init`.
pub async fn upgrade(
    api: &Api,
    state: &AppState,
    limits: &WebSocketLimits,
    request: &Request,
    websocket: WebSocket,
) -> Result<Response> {
    let protocol = GraphQLProtocol::from_request(request, &mut RequestBody::default()).await?;
    let admission = PoemData::<&WebSocketAdmission>::from_request_without_body(request).await?;
    let address = request.remote_addr().as_socket_addr();
    let slot = match admission.admit(address.map(|address| address.ip().to_canonical())) {
        Ok(slot) => slot,
        Err(refused) => return Ok(refused.into_response()),
    };
    let (api, state, limits) = (api.clone(), state.clone(), limits.clone());
    // Messages are written out as they come (no write buffer to fill first): each is an event
    // a subscriber waits for.
    let config = WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(0);
    Ok(websocket
        .config(config)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            websocket_runtime::serve(async move {
                // Held until this task ends, however it ends.
                let _slot = slot;
                let (sink, incoming) = socket.split();
                let _open = state.shutdown.hold();
                let (outgoing, to_client) = mpsc::channel::<Message>(64);
                let active = ActiveIds::default();
                let guarded = guard(
                    incoming,
                    outgoing.clone(),
                    Arc::clone(&active),
                    limits,
                    state.clone(),
                );
                // An operation's id is free again once async-graphql ends it, noted as it sends the
                // `complete`: before it reads the client's next message, which may reuse the id.
                let ending = outgoing.with(move |message: Message| {
                    note_ended(&active, &message);
                    std::future::ready(Ok::<_, mpsc::SendError>(message))
                });
                let graphql = GraphQLWebSocket::new_with_pair(ending, guarded, api, protocol)
                    .on_connection_init(|payload| async move {
                        let mut data = Data::default();
                        data.insert(Credentials::from_init_payload(&payload));
                        Ok(data)
                    })
                    .serve();
                futures_util::join!(graphql, forward(to_client, sink));
            })
        })
        .into_response())
}

/// The client's messages, checked against the limits; on a breach, a close frame goes out
/// and the stream ends, which ends the connection.
fn guard(
    mut incoming: impl Stream<Item = io::Result<Message>> + Unpin + Send + 'static,
    mut outgoing: mpsc::Sender<Message>,
    active: ActiveIds,
    limits: WebSocketLimits,
    state: AppState,
) -> impl Stream<Item = io::Result<Message>> + Send + 'static {
    async_stream::stream! {
        let init_deadline = tokio::time::Instant::now() + Duration::from_secs(limits.ws_init_timeout);
        let mut initialised = false;
        loop {
            let message = tokio::select! {
                message = incoming.next() => message,
                () = tokio::time::sleep_until(init_deadline), if !initialised => {
                    let _ = outgoing.send(Message::close_with(4408_u16, "Connection initialisation timeout")).await;
                    break;
                }
                () = state.shutdown.announced() => {
                    let _ = outgoing.send(Message::close_with(1000_u16, "The server is shutting down")).await;
                    break;
                }
            };
            let Some(message) = message else { break };
            // async-graphql reads binary messages like text: both are held to the limits.
            let bytes = match &message {
                Ok(Message::Text(text)) => text.as_bytes(),
                Ok(Message::Binary(bytes)) => bytes.as_slice(),
                _ => {
                    yield message;
                    continue;
                }
            };
            if bytes.len() > limits.max_ws_message_bytes {
                let reason = format!("Messages are limited to {} bytes", limits.max_ws_message_bytes);
                let _ = outgoing.send(Message::close_with(1009_u16, reason)).await;
                break;
            }
            let parsed: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
            let kind = parsed.get("type").and_then(serde_json::Value::as_str).unwrap_or("");
            let id = parsed.get("id").and_then(serde_json::Value::as_str).map(str::to_owned);
            match (kind, id) {
                ("connection_init", _) => initialised = true,
                ("subscribe" | "start", Some(id)) => match admit(&active, &id, limits.max_ws_operations) {
                    Admission::Admitted => {}
                    Admission::Duplicate => {
                        let reason = format!("Subscriber for {id} already exists");
                        let _ = outgoing.send(Message::close_with(4409_u16, reason)).await;
                        break;
                    }
                    Admission::TooMany => {
                        let message = format!(
                            "at most {} operations may run at once on one connection",
                            limits.max_ws_operations
                        );
                        let error = json!({ "id": id, "type": "error", "payload": [refusal(message, code::QUERY_TOO_COMPLEX)] });
                        let _ = outgoing.send(Message::Text(error.to_string())).await;
                        continue;
                    }
                },
                ("complete" | "stop", Some(id)) => {
                    active.lock().unwrap_or_else(PoisonError::into_inner).remove(&id);
                }
                _ => {}
            }
            yield message;
        }
    }
}

/// Whether a new operation may start on a connection.
enum Admission {
    Admitted,
    /// An operation with this id is running.
    Duplicate,
    /// The connection runs as many operations as it may.
    TooMany,
}

/// Notes operation `id` as running, if it may start.
fn admit(active: &ActiveIds, id: &str, max: usize) -> Admission {
    let mut running = active.lock().unwrap_or_else(PoisonError::into_inner);
    if running.contains(id) {
        Admission::Duplicate
    } else if running.len() >= max {
        Admission::TooMany
    } else {
        running.insert(id.to_owned());
        Admission::Admitted
    }
}

/// Notes that the operation a `complete` (or `error`) from the server names has ended.
fn note_ended(active: &ActiveIds, message: &Message) {
    if let Message::Text(text) = message
        && let Ok(envelope) = serde_json::from_str::<Envelope<'_>>(text)
        && matches!(envelope.kind, "complete" | "error")
        && let Some(id) = envelope.id
    {
        active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
    }
}

/// What `note_ended` reads of a server message. Borrowed, and the payload skipped unread:
/// every event a subscriber receives passes through here.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type", borrow)]
    kind: &'a str,
    #[serde(borrow)]
    id: Option<&'a str>,
}

/// The longest close reason RFC 6455 allows: a control frame carries at most 125 bytes, two of
/// them for the code.
const MAX_CLOSE_REASON: usize = 123;

/// Sends the server's messages to the client; a close frame ends the connection.
async fn forward(
    mut to_client: mpsc::Receiver<Message>,
    mut sink: impl futures_util::Sink<Message> + Unpin,
) {
    while let Some(mut message) = to_client.next().await {
        // Reasons may quote what the client sent (an id, a parse error): cut them to fit.
        if let Message::Close(Some((_, reason))) = &mut message
            && reason.len() > MAX_CLOSE_REASON
        {
            let mut end = MAX_CLOSE_REASON;
            while !reason.is_char_boundary(end) {
                end -= 1;
            }
            reason.truncate(end);
        }
        let closing = message.is_close();
        if sink.send(message).await.is_err() || closing {
            break;
        }
    }
    let _ = sink.close().await;
}

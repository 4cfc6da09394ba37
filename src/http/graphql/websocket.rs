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
/// Bytes of messages gathered before they are written out. A subscriber behind by several
/// events gets them in one write instead of one each ([`forward`]); a lone event is written
/// out at once, whatever its size.
const WRITE_BUFFER_BYTES: usize = 4 * 1024;
/// Messages gathered into one write at most.
const MESSAGES_PER_WRITE: usize = 8;

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
    // async-graphql writes the type first; an event (`next`, or `data` in `graphql-ws`) ends
    // nothing, and is not worth parsing: every event a subscriber receives passes through here.
    if let Message::Text(text) = message
        && !text.starts_with(r#"{"type":"next""#)
        && !text.starts_with(r#"{"type":"data""#)
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

/// What `note_ended` reads of a server message: borrowed, and the payload skipped unread.
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

/// Sends the server's messages to the client; a close frame ends the connection. Messages
/// already waiting are written out together, up to [`MESSAGES_PER_WRITE`]: when the fan-out
/// runs behind, a subscriber's events then cost one write (one TCP segment, and one wake-up of
/// the client) instead of one each, which is most of a delivery's cost (measured with `perf`:
/// 55% of the server's time in `send()`).
async fn forward(
    mut to_client: mpsc::Receiver<Message>,
    mut sink: impl futures_util::Sink<Message> + Unpin,
) {
    'connection: while let Some(first) = to_client.next().await {
        let mut next = Some(first);
        let mut gathered = 0;
        while let Some(mut message) = next.take() {
            fit_close_reason(&mut message);
            let closing = message.is_close();
            // `close` below writes out what is gathered, this close frame last.
            if sink.feed(message).await.is_err() || closing {
                break 'connection;
            }
            gathered += 1;
            if gathered < MESSAGES_PER_WRITE {
                // None waiting now, or the channel has ended (the loop above then ends).
                next = to_client.try_recv().ok();
            }
        }
        if sink.flush().await.is_err() {
            break;
        }
    }
    let _ = sink.close().await;
}

/// Cuts a close frame's reason to what a frame may carry: reasons may quote what the client
/// sent (an id, a parse error).
fn fit_close_reason(message: &mut Message) {
    if let Message::Close(Some((_, reason))) = message {
        reason.truncate(reason.floor_char_boundary(MAX_CLOSE_REASON));
    }
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use poem::web::websocket::CloseCode;

    use super::*;

    /// A socket that records what each write (flush or close) carries.
    #[derive(Default)]
    struct RecordingSocket {
        gathered: Vec<String>,
        writes: Vec<Vec<String>>,
        closed: bool,
    }

    impl RecordingSocket {
        fn write_out(&mut self) {
            if !self.gathered.is_empty() {
                self.writes.push(std::mem::take(&mut self.gathered));
            }
        }
    }

    impl futures_util::Sink<Message> for &mut RecordingSocket {
        type Error = io::Error;

        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn start_send(self: Pin<&mut Self>, message: Message) -> io::Result<()> {
            let shown = match message {
                Message::Text(text) => text,
                Message::Close(Some((code, reason))) => format!("close {code:?}: {reason}"),
                other => format!("{other:?}"),
            };
            self.get_mut().gathered.push(shown);
            Ok(())
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            self.get_mut().write_out();
            Poll::Ready(Ok(()))
        }

        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            let socket = self.get_mut();
            socket.write_out();
            socket.closed = true;
            Poll::Ready(Ok(()))
        }
    }

    /// Runs `forward` over `messages`, all queued before it starts, then the channel ended.
    async fn forwarded(messages: Vec<Message>) -> RecordingSocket {
        let (mut outgoing, to_client) = mpsc::channel(messages.len());
        for message in messages {
            outgoing.try_send(message).expect("room for every message");
        }
        drop(outgoing);
        let mut socket = RecordingSocket::default();
        forward(to_client, &mut socket).await;
        socket
    }

    fn texts(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|n| format!("event {n}")).collect()
    }

    #[tokio::test]
    async fn waiting_messages_go_out_together_in_order_up_to_the_batch_size() {
        let messages = (0..MESSAGES_PER_WRITE + 2)
            .map(|n| Message::Text(format!("event {n}")))
            .collect();

        let socket = forwarded(messages).await;

        assert_eq!(
            socket.writes,
            vec![
                texts(0..MESSAGES_PER_WRITE),
                texts(MESSAGES_PER_WRITE..MESSAGES_PER_WRITE + 2)
            ]
        );
        assert!(socket.closed);
    }

    #[tokio::test]
    async fn a_lone_message_is_written_out_without_waiting_for_more() {
        let (mut outgoing, to_client) = mpsc::channel(4);
        let mut socket = RecordingSocket::default();
        let sending = async move {
            outgoing.send(Message::Text("first".into())).await.unwrap();
            // `forward` has written the first out before the second is sent: the channel
            // has room, so only `forward`'s own pace can put them in one write.
            tokio::task::yield_now().await;
            tokio::task::yield_now().await;
            outgoing.send(Message::Text("second".into())).await.unwrap();
        };
        futures_util::join!(sending, forward(to_client, &mut socket));

        assert_eq!(
            socket.writes,
            vec![vec!["first".to_owned()], vec!["second".to_owned()]]
        );
    }

    #[tokio::test]
    async fn a_close_frame_is_written_last_and_ends_the_connection() {
        let long_reason = "é".repeat(100); // 200 bytes: over what a close frame may carry
        let socket = forwarded(vec![
            Message::Text("event 0".into()),
            Message::Close(Some((CloseCode::from(4409), long_reason))),
            Message::Text("after the close".into()),
        ])
        .await;

        let expected_reason = "é".repeat(MAX_CLOSE_REASON / 2); // 122 bytes, on a boundary
        assert_eq!(
            socket.writes,
            vec![vec![
                "event 0".to_owned(),
                format!("close {:?}: {expected_reason}", CloseCode::from(4409)),
            ]]
        );
        assert!(socket.closed);
    }
}

//! One connection's side of the protocol: it reads the client's messages, holds each to the
//! limits, runs the operations they start, and sends their answers and the protocol's replies.
//!
//! Every event an operation yields is framed here from its shared JSON payload ([`Payload`]):
//! subscribers of one distinct subscription share the text of its answer, and a delivery costs
//! one copy of it into the message.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_graphql::Data;
use futures_util::stream::BoxStream;
use futures_util::{Sink, Stream, StreamExt};
use poem::web::websocket::Message;

use super::protocol::{self, ClientMessage, Protocol};
use super::write::Writer;
use crate::config::WebSocketLimits;
use crate::graphql::answer::Payload;
use crate::graphql::api::Api;
use crate::graphql::auth::Credentials;
use crate::graphql::error::{code, refusal};
use crate::shutdown::Shutdown;

/// Replies to the client's messages that may wait for the socket before the client's next
/// messages are no longer read.
const WAITING_REPLIES: usize = 64;

/// An operation the connection runs.
struct Operation {
    /// Its event messages' start ([`protocol::event_prefix`]).
    prefix: String,
    answers: BoxStream<'static, Payload>,
}

/// What the connection does after a step.
enum Flow {
    Continue,
    End,
}

/// One connection.
pub(super) struct Session {
    api: Api,
    protocol: Protocol,
    limits: WebSocketLimits,
    /// The connection's data, with its credentials, once `connection_init` has come.
    data: Option<Arc<Data>>,
    /// The operations running, by id.
    operations: HashMap<String, Operation>,
    /// The protocol's replies, in order, not yet handed to the socket; they go out before any
    /// further event. The last one may be a close frame.
    replies: VecDeque<Message>,
}

impl Session {
    pub(super) fn new(api: Api, protocol: Protocol, limits: WebSocketLimits) -> Self {
        Self {
            api,
            protocol,
            limits,
            data: None,
            operations: HashMap::new(),
            replies: VecDeque::new(),
        }
    }

    /// Serves the connection over `socket` until either side ends it or `shutdown` is
    /// announced, then writes out the replies left, a close frame last, and closes it.
    ///
    /// One task reads and writes the socket, unsplit, in one poll: an event costs the
    /// connection one wake-up, and goes from the subscription to the socket with no queue
    /// between them. A task that wrote through a channel to a writer woke itself a second time
    /// for each event, and its split socket took a lock at every read and write.
    pub(super) async fn run<S>(mut self, mut socket: S, shutdown: Shutdown)
    where
        S: Stream<Item = io::Result<Message>> + Sink<Message, Error = io::Error> + Unpin,
    {
        let init_deadline = tokio::time::sleep(Duration::from_secs(self.limits.ws_init_timeout));
        let stopping = shutdown.announced();
        tokio::pin!(init_deadline, stopping);
        let mut writer = Writer::default();
        std::future::poll_fn(|cx| {
            self.poll_serve(
                cx,
                &mut socket,
                &mut writer,
                init_deadline.as_mut(),
                stopping.as_mut(),
            )
        })
        .await;
        writer.finish(&mut socket, self.replies).await;
    }

    /// Serves the connection until it ends: `Ready` once it is to be closed.
    fn poll_serve<S>(
        &mut self,
        cx: &mut Context<'_>,
        socket: &mut S,
        writer: &mut Writer,
        init_deadline: Pin<&mut tokio::time::Sleep>,
        stopping: Pin<&mut impl Future<Output = ()>>,
    ) -> Poll<()>
    where
        S: Stream<Item = io::Result<Message>> + Sink<Message, Error = io::Error> + Unpin,
    {
        if stopping.poll(cx).is_ready() {
            self.close(1000, "The server is shutting down".to_owned());
            return Poll::Ready(());
        }
        if self.data.is_none() && init_deadline.poll(cx).is_ready() {
            self.close(4408, "Connection initialisation timeout".to_owned());
            return Poll::Ready(());
        }
        loop {
            let written = writer.poll_write(cx, socket, |cx| self.poll_next_message(cx));
            if let Poll::Ready(Err(_)) = written {
                // The client has gone.
                return Poll::Ready(());
            }
            // A client that sends faster than it reads is read again once its replies are out.
            if self.replies.len() >= WAITING_REPLIES {
                return Poll::Pending;
            }
            let flow = match socket.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(message))) => self.receive(message),
                // The client has gone, or closed the connection (tungstenite answers its
                // close).
                Poll::Ready(Some(Err(_)) | None) => Flow::End,
                Poll::Pending => return Poll::Pending,
            };
            if let Flow::End = flow {
                return Poll::Ready(());
            }
        }
    }

    /// The next message to send: a reply if one waits, else an operation's.
    fn poll_next_message(&mut self, cx: &mut Context<'_>) -> Poll<Message> {
        match self.replies.pop_front() {
            Some(reply) => Poll::Ready(reply),
            None => self.poll_answer(cx),
        }
    }

    /// The next message of an operation: an event, or the `complete` of one that has ended.
    fn poll_answer(&mut self, cx: &mut Context<'_>) -> Poll<Message> {
        let mut ended = None;
        for (id, operation) in &mut self.operations {
            match operation.answers.poll_next_unpin(cx) {
                Poll::Ready(Some(payload)) => {
                    return Poll::Ready(Message::Text(protocol::event(
                        &operation.prefix,
                        &payload,
                    )));
                }
                Poll::Ready(None) => {
                    ended = Some(id.clone());
                    break;
                }
                Poll::Pending => {}
            }
        }
        match ended {
            Some(id) => {
                // Its id is free again before the client's next message is read.
                self.operations.remove(&id);
                Poll::Ready(Message::Text(protocol::complete(&id)))
            }
            None => Poll::Pending,
        }
    }

    /// Acts on a message from the client.
    fn receive(&mut self, message: Message) -> Flow {
        // Binary messages are read like text: both are held to the limits.
        let bytes = match &message {
            Message::Text(text) => text.as_bytes(),
            Message::Binary(bytes) => bytes.as_slice(),
            // Pings, pongs and the client's close are the WebSocket's own, answered below us.
            _ => return Flow::Continue,
        };
        if bytes.len() > self.limits.max_ws_message_bytes {
            let reason = format!(
                "Messages are limited to {} bytes",
                self.limits.max_ws_message_bytes
            );
            return self.close(1009, reason);
        }
        let message = match ClientMessage::read(bytes) {
            Ok(message) => message,
            Err(error) => return self.close(1002, error.to_string()),
        };
        match message {
            ClientMessage::ConnectionInit { payload } => self.initialise(payload),
            ClientMessage::Subscribe { id, payload } => self.start(id, *payload),
            ClientMessage::Complete { id } => {
                if self.operations.remove(&id).is_some() {
                    self.send(Message::Text(protocol::complete(&id)))
                } else {
                    Flow::Continue
                }
            }
            ClientMessage::ConnectionTerminate => Flow::End,
            ClientMessage::Ping {} => self.send(Message::Text(protocol::PONG.to_owned())),
            ClientMessage::Pong {} => Flow::Continue,
        }
    }

    /// `connection_init`: the connection's credentials, if any, come in its payload.
    fn initialise(&mut self, payload: Option<serde_json::Value>) -> Flow {
        if self.data.is_some() {
            return match self.protocol {
                Protocol::Transport => {
                    self.close(4429, "Too many initialisation requests.".to_owned())
                }
                Protocol::Legacy => {
                    self.send(Message::Text(protocol::LEGACY_SECOND_INIT.to_owned()));
                    Flow::End
                }
            };
        }
        let mut data = Data::default();
        data.insert(Credentials::from_init_payload(&payload.unwrap_or_default()));
        self.data = Some(Arc::new(data));
        self.send(Message::Text(protocol::CONNECTION_ACK.to_owned()))
    }

    /// `subscribe` (`start`): the operation `id` runs, if it may.
    fn start(&mut self, id: String, request: async_graphql::Request) -> Flow {
        if self.operations.contains_key(&id) {
            return self.close(4409, format!("Subscriber for {id} already exists"));
        }
        if self.operations.len() >= self.limits.max_ws_operations {
            let message = format!(
                "at most {} operations may run at once on one connection",
                self.limits.max_ws_operations
            );
            let refused = protocol::error(&id, &[refusal(message, code::QUERY_TOO_COMPLEX)]);
            return self.send(Message::Text(refused));
        }
        let Some(data) = &self.data else {
            return self.close(1011, "The handshake is not completed.".to_owned());
        };
        // The subscription starts here, before the client's next message is read.
        let answers = self.api.operate(request, Arc::clone(data));
        let prefix = protocol::event_prefix(self.protocol, &id);
        self.operations.insert(id, Operation { prefix, answers });
        Flow::Continue
    }

    /// Sends `message` to the client, after the replies already waiting.
    fn send(&mut self, message: Message) -> Flow {
        self.replies.push_back(message);
        Flow::Continue
    }

    /// Closes the connection with `code` and `reason`, once the replies waiting are out.
    fn close(&mut self, code: u16, reason: String) -> Flow {
        self.replies.push_back(Message::close_with(code, reason));
        Flow::End
    }
}

//! One connection's side of the protocol: it reads the client's messages, holds each to the
//! limits, runs the operations they start, and sends their answers and the protocol's replies.
//!
//! Every event an operation yields is framed here from its shared JSON payload ([`Payload`]):
//! subscribers of one distinct subscription share the text of its answer, and a delivery costs
//! one copy of it into the message.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_graphql::Data;
use futures_channel::mpsc;
use futures_util::stream::BoxStream;
use futures_util::{SinkExt, Stream, StreamExt};
use poem::web::websocket::Message;

use super::protocol::{self, ClientMessage, Protocol};
use crate::config::WebSocketLimits;
use crate::graphql::answer::Payload;
use crate::graphql::api::Api;
use crate::graphql::auth::Credentials;
use crate::graphql::error::{code, refusal};
use crate::shutdown::Shutdown;

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
    /// To the client, through [`super::write::forward`].
    outgoing: mpsc::Sender<Message>,
    /// The connection's data, with its credentials, once `connection_init` has come.
    data: Option<Arc<Data>>,
    /// The operations running, by id.
    operations: HashMap<String, Operation>,
}

impl Session {
    pub(super) fn new(
        api: Api,
        protocol: Protocol,
        limits: WebSocketLimits,
        outgoing: mpsc::Sender<Message>,
    ) -> Self {
        Self {
            api,
            protocol,
            limits,
            outgoing,
            data: None,
            operations: HashMap::new(),
        }
    }

    /// Serves the connection whose client's messages are `incoming`, until either side ends
    /// it or `shutdown` is announced.
    pub(super) async fn run(
        mut self,
        mut incoming: impl Stream<Item = io::Result<Message>> + Unpin,
        shutdown: Shutdown,
    ) {
        // Made once, outside the loop: every event delivered goes round it.
        let init_deadline = tokio::time::sleep(Duration::from_secs(self.limits.ws_init_timeout));
        let stopping = shutdown.announced();
        tokio::pin!(init_deadline, stopping);
        loop {
            let flow = tokio::select! {
                message = std::future::poll_fn(|cx| self.poll_answer(cx)) => {
                    self.send(message).await
                }
                message = incoming.next() => match message {
                    // Boxed: a client's message is rare beside the events sent, and handling
                    // one (starting an operation) takes more room than waiting does.
                    Some(Ok(message)) => Box::pin(self.receive(message)).await,
                    // The client has gone, or closed the connection (tungstenite answers its
                    // close).
                    Some(Err(_)) | None => Flow::End,
                },
                () = &mut init_deadline, if self.data.is_none() => {
                    self.close(4408, "Connection initialisation timeout".to_owned()).await
                }
                () = &mut stopping => {
                    self.close(1000, "The server is shutting down".to_owned()).await
                }
            };
            if let Flow::End = flow {
                break;
            }
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
    async fn receive(&mut self, message: Message) -> Flow {
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
            return self.close(1009, reason).await;
        }
        let message = match ClientMessage::read(bytes) {
            Ok(message) => message,
            Err(error) => return self.close(1002, error.to_string()).await,
        };
        match message {
            ClientMessage::ConnectionInit { payload } => self.initialise(payload).await,
            ClientMessage::Subscribe { id, payload } => self.start(id, *payload).await,
            ClientMessage::Complete { id } => {
                if self.operations.remove(&id).is_some() {
                    self.send(Message::Text(protocol::complete(&id))).await
                } else {
                    Flow::Continue
                }
            }
            ClientMessage::ConnectionTerminate => Flow::End,
            ClientMessage::Ping {} => self.send(Message::Text(protocol::PONG.to_owned())).await,
            ClientMessage::Pong {} => Flow::Continue,
        }
    }

    /// `connection_init`: the connection's credentials, if any, come in its payload.
    async fn initialise(&mut self, payload: Option<serde_json::Value>) -> Flow {
        if self.data.is_some() {
            return match self.protocol {
                Protocol::Transport => {
                    self.close(4429, "Too many initialisation requests.".to_owned())
                        .await
                }
                Protocol::Legacy => {
                    self.send(Message::Text(protocol::LEGACY_SECOND_INIT.to_owned()))
                        .await;
                    Flow::End
                }
            };
        }
        let mut data = Data::default();
        data.insert(Credentials::from_init_payload(&payload.unwrap_or_default()));
        self.data = Some(Arc::new(data));
        self.send(Message::Text(protocol::CONNECTION_ACK.to_owned()))
            .await
    }

    /// `subscribe` (`start`): the operation `id` runs, if it may.
    async fn start(&mut self, id: String, request: async_graphql::Request) -> Flow {
        if self.operations.contains_key(&id) {
            return self
                .close(4409, format!("Subscriber for {id} already exists"))
                .await;
        }
        if self.operations.len() >= self.limits.max_ws_operations {
            let message = format!(
                "at most {} operations may run at once on one connection",
                self.limits.max_ws_operations
            );
            let refused = protocol::error(&id, &[refusal(message, code::QUERY_TOO_COMPLEX)]);
            return self.send(Message::Text(refused)).await;
        }
        let Some(data) = &self.data else {
            return self
                .close(1011, "The handshake is not completed.".to_owned())
                .await;
        };
        // The subscription starts here, before the client's next message is read.
        let answers = self.api.operate(request, Arc::clone(data));
        let prefix = protocol::event_prefix(self.protocol, &id);
        self.operations.insert(id, Operation { prefix, answers });
        Flow::Continue
    }

    /// Sends `message` to the client.
    async fn send(&mut self, message: Message) -> Flow {
        match self.outgoing.send(message).await {
            Ok(()) => Flow::Continue,
            // The writer has stopped: the client is gone.
            Err(_) => Flow::End,
        }
    }

    /// Closes the connection with `code` and `reason`.
    async fn close(&mut self, code: u16, reason: String) -> Flow {
        let _ = self.outgoing.send(Message::close_with(code, reason)).await;
        Flow::End
    }
}

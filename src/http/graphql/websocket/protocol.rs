//! The two protocols' messages: what a client may send, and the text of what the server sends.
//!
//! `graphql-transport-ws` is the protocol of the `graphql-ws` library and of GraphiQL;
//! `graphql-ws` is the older one of `subscriptions-transport-ws`, which names some messages
//! differently (`start`, `stop`, `data`) and reports a refused initialisation in a message.

use async_graphql::Request;
use async_graphql::http::WebSocketProtocols;
use serde::Deserialize;
use serde_json::json;

use crate::graphql::answer::Payload;

/// The protocol a connection speaks, as negotiated in `Sec-WebSocket-Protocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Protocol {
    /// `graphql-transport-ws`.
    Transport,
    /// `graphql-ws`, of `subscriptions-transport-ws`.
    Legacy,
}

impl From<WebSocketProtocols> for Protocol {
    fn from(protocol: WebSocketProtocols) -> Self {
        match protocol {
            WebSocketProtocols::GraphQLWS => Self::Transport,
            WebSocketProtocols::SubscriptionsTransportWS => Self::Legacy,
        }
    }
}

/// A message from the client, in either protocol.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum ClientMessage {
    ConnectionInit {
        payload: Option<serde_json::Value>,
    },
    #[serde(alias = "start")]
    Subscribe {
        id: String,
        payload: Box<Request>,
    },
    #[serde(alias = "stop")]
    Complete {
        id: String,
    },
    ConnectionTerminate,
    Ping {},
    Pong {},
}

impl ClientMessage {
    /// Reads a client's message; the error says what in it is wrong.
    pub(super) fn read(bytes: &[u8]) -> serde_json::Result<Self> {
        serde_json::from_slice(bytes)
    }
}

pub(super) const CONNECTION_ACK: &str = r#"{"type":"connection_ack"}"#;
pub(super) const PONG: &str = r#"{"type":"pong"}"#;

/// How `graphql-ws` refuses a second `connection_init` (`graphql-transport-ws` closes with
/// 4429 instead).
pub(super) const LEGACY_SECOND_INIT: &str =
    r#"{"type":"connection_error","payload":{"message":"Too many initialisation requests."}}"#;

/// The start of every event message of one operation, up to its payload: written once, when
/// the operation starts, so that an event costs one copy of its shared payload.
pub(super) fn event_prefix(protocol: Protocol, id: &str) -> String {
    let kind = match protocol {
        Protocol::Transport => "next",
        Protocol::Legacy => "data",
    };
    let id = serde_json::Value::from(id);
    format!(r#"{{"type":"{kind}","id":{id},"payload":"#)
}

/// An event message: the operation's `prefix` and `payload`.
pub(super) fn event(prefix: &str, payload: &Payload) -> String {
    let payload = payload.as_str();
    let mut message = String::with_capacity(prefix.len() + payload.len() + 1);
    message.push_str(prefix);
    message.push_str(payload);
    message.push('}');
    message
}

/// The operation `id` has ended.
pub(super) fn complete(id: &str) -> String {
    json!({ "type": "complete", "id": id }).to_string()
}

/// The operation `id` was refused before it started, for the reason in `errors`.
pub(super) fn error(id: &str, errors: &[async_graphql::ServerError]) -> String {
    json!({ "type": "error", "id": id, "payload": errors }).to_string()
}

#[cfg(test)]
mod tests {
    use async_graphql::{Response, Value};

    use super::*;

    #[test]
    fn an_event_is_its_operations_message_around_the_shared_payload() {
        let payload = Payload::of(&Response::new(Value::from_json(json!({ "n": 1 })).unwrap()));
        for (protocol, kind) in [(Protocol::Transport, "next"), (Protocol::Legacy, "data")] {
            let text = event(&event_prefix(protocol, "a \"quoted\" id"), &payload);
            let message: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                message,
                json!({ "type": kind, "id": "a \"quoted\" id", "payload": { "data": { "n": 1 } } })
            );
        }
    }

    #[test]
    fn pings_and_pongs_are_read_with_or_without_a_payload() {
        for text in [
            r#"{"type":"ping"}"#,
            r#"{"type":"ping","payload":{"at":1}}"#,
            r#"{"type":"pong","payload":null}"#,
        ] {
            assert!(
                matches!(
                    ClientMessage::read(text.as_bytes()),
                    Ok(ClientMessage::Ping {} | ClientMessage::Pong {})
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn the_older_protocols_names_are_read_as_the_newer_ones() {
        let start = r#"{"type":"start","id":"1","payload":{"query":"{ plans { slug } }"}}"#;
        assert!(matches!(
            ClientMessage::read(start.as_bytes()),
            Ok(ClientMessage::Subscribe { id, .. }) if id == "1"
        ));
        let stop = r#"{"type":"stop","id":"1"}"#;
        assert!(matches!(
            ClientMessage::read(stop.as_bytes()),
            Ok(ClientMessage::Complete { id }) if id == "1"
        ));
    }
}

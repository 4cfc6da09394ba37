//! The server's side of a connection: messages go out as they come, and those already waiting
//! go out together.

use futures_channel::mpsc;
use futures_util::{SinkExt, StreamExt};
use poem::web::websocket::Message;

/// Messages gathered into one write at most.
const MESSAGES_PER_WRITE: usize = 8;

/// The longest close reason RFC 6455 allows: a control frame carries at most 125 bytes, two of
/// them for the code.
const MAX_CLOSE_REASON: usize = 123;

/// Sends the server's messages to the client; a close frame ends the connection. Messages
/// already waiting are written out together, up to [`MESSAGES_PER_WRITE`]: when the fan-out
/// runs behind, a subscriber's events then cost one write (one TCP segment, and one wake-up of
/// the client) instead of one each, which is most of a delivery's cost (measured with `perf`:
/// 55% of the server's time in `send()`).
pub(super) async fn forward(
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

    use std::io;

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

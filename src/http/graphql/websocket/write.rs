//! The server's side of a connection: messages go out as they come, and those already waiting
//! go out together.

use std::io;
use std::task::{Context, Poll, ready};

use futures_util::{Sink, SinkExt};
use poem::web::websocket::Message;

/// Messages gathered into one write at most.
const MESSAGES_PER_WRITE: usize = 8;

/// The longest close reason RFC 6455 allows: a control frame carries at most 125 bytes, two of
/// them for the code.
const MAX_CLOSE_REASON: usize = 123;

/// Writes a connection's messages to its socket. Messages already waiting are written out
/// together, up to [`MESSAGES_PER_WRITE`]: when the fan-out runs behind, a subscriber's events
/// then cost one write (one TCP segment, and one wake-up of the client) instead of one each,
/// which is most of a delivery's cost (measured with `perf`: 55% of the server's time in
/// `send()`).
#[derive(Default)]
pub(super) struct Writer {
    /// Messages have been handed to the socket since its last flush.
    unflushed: bool,
}

impl Writer {
    /// Writes what `next` has ready, as long as it has some and the socket takes it.
    /// `Ready(Ok)`: nothing is left waiting, and `next` will wake the task when it has more.
    /// `Pending`: the socket is full, and will wake the task when it has room; `next` is not
    /// asked for more meanwhile, so a client that does not read holds up only its own events.
    pub(super) fn poll_write<S>(
        &mut self,
        cx: &mut Context<'_>,
        socket: &mut S,
        mut next: impl FnMut(&mut Context<'_>) -> Poll<Message>,
    ) -> Poll<io::Result<()>>
    where
        S: Sink<Message, Error = io::Error> + Unpin,
    {
        loop {
            if self.unflushed {
                ready!(socket.poll_flush_unpin(cx))?;
                self.unflushed = false;
            }
            let mut gathered = 0;
            while gathered < MESSAGES_PER_WRITE {
                ready!(socket.poll_ready_unpin(cx))?;
                let Poll::Ready(message) = next(cx) else {
                    break;
                };
                socket.start_send_unpin(message)?;
                self.unflushed = true;
                gathered += 1;
            }
            if gathered == 0 {
                return Poll::Ready(Ok(()));
            }
        }
    }

    /// Writes `last` out, up to and including a close frame, and closes the socket.
    pub(super) async fn finish<S>(self, socket: &mut S, last: impl IntoIterator<Item = Message>)
    where
        S: Sink<Message, Error = io::Error> + Unpin,
    {
        for mut message in last {
            fit_close_reason(&mut message);
            let closing = message.is_close();
            // `close` below writes out what is fed, this close frame last.
            if socket.feed(message).await.is_err() || closing {
                break;
            }
        }
        let _ = socket.close().await;
    }
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
    use std::collections::VecDeque;
    use std::pin::Pin;

    use futures_util::task::noop_waker_ref;
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

    impl Sink<Message> for RecordingSocket {
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

    fn texts(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|n| format!("event {n}")).collect()
    }

    /// Writes the messages of `waiting` that are ready, as a connection's task would when woken.
    fn write_ready(
        writer: &mut Writer,
        socket: &mut RecordingSocket,
        waiting: &mut VecDeque<Message>,
    ) {
        let mut cx = Context::from_waker(noop_waker_ref());
        let written = writer.poll_write(&mut cx, socket, |_| match waiting.pop_front() {
            Some(message) => Poll::Ready(message),
            None => Poll::Pending,
        });
        assert!(matches!(written, Poll::Ready(Ok(()))));
    }

    #[test]
    fn waiting_messages_go_out_together_in_order_up_to_the_batch_size() {
        let mut waiting = texts(0..MESSAGES_PER_WRITE + 2)
            .into_iter()
            .map(Message::Text)
            .collect();
        let (mut writer, mut socket) = (Writer::default(), RecordingSocket::default());

        write_ready(&mut writer, &mut socket, &mut waiting);

        assert_eq!(
            socket.writes,
            vec![
                texts(0..MESSAGES_PER_WRITE),
                texts(MESSAGES_PER_WRITE..MESSAGES_PER_WRITE + 2)
            ]
        );
    }

    #[test]
    fn a_lone_message_is_written_out_without_waiting_for_more() {
        let (mut writer, mut socket) = (Writer::default(), RecordingSocket::default());

        write_ready(
            &mut writer,
            &mut socket,
            &mut VecDeque::from([Message::Text("first".into())]),
        );
        write_ready(&mut writer, &mut socket, &mut VecDeque::new());
        write_ready(
            &mut writer,
            &mut socket,
            &mut VecDeque::from([Message::Text("second".into())]),
        );

        assert_eq!(
            socket.writes,
            vec![vec!["first".to_owned()], vec!["second".to_owned()]]
        );
    }

    #[tokio::test]
    async fn a_close_frame_is_written_last_and_ends_the_connection() {
        let long_reason = "é".repeat(100); // 200 bytes: over what a close frame may carry
        let mut socket = RecordingSocket::default();

        let last = [
            Message::Text("event 0".into()),
            Message::Close(Some((CloseCode::from(4409), long_reason))),
            Message::Text("after the close".into()),
        ];
        Writer::default().finish(&mut socket, last).await;

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

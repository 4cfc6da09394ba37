//! Graceful shutdown of the real binary: on SIGTERM, open WebSockets are closed normally (1000)
//! and the process exits with success within its grace period.

use std::time::Duration;

use serde_json::json;

use super::EVERY_VALUE;
use crate::support::process::ServerProcess;
use crate::support::{GraphqlSocket, PATIENCE, TRANSPORT_WS};

/// The server's grace period (`GRACE_PERIOD` in `src/cli.rs`), and a margin to exit after it.
const GRACE_PERIOD: Duration = Duration::from_secs(15);
const EXIT_MARGIN: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_websockets_normally_and_exits_with_success() {
    let mut server = ServerProcess::in_temporary_directory(&[]).await;
    let mut subscriber = GraphqlSocket::connect(&server.base, TRANSPORT_WS, None).await;
    subscriber.subscribe("live", EVERY_VALUE, json!({})).await;
    // A second connection, only initialised: every open WebSocket is closed, not only those
    // that run an operation.
    let mut idle = GraphqlSocket::connect(&server.base, TRANSPORT_WS, None).await;

    server.terminate();
    let (code, reason) = subscriber.close_frame(PATIENCE).await;
    assert_eq!(code, 1000, "{reason}");
    assert_eq!(reason, "The server is shutting down");
    assert_eq!(idle.close_code(PATIENCE).await, 1000);

    let status = server.exit_status(GRACE_PERIOD + EXIT_MARGIN).await;
    assert!(status.success(), "{status}: {}", server.log_text());
    let log = server.log_text();
    assert!(
        log.contains("shutting down: finishing in-flight requests"),
        "{log}"
    );
    // Once it has exited, nothing listens on its port.
    let refused = reqwest::Client::new()
        .get(format!("{}/health", server.base))
        .send()
        .await;
    assert!(refused.is_err(), "{refused:?}");
}

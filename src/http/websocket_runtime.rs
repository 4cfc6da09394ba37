//! The runtime that serves WebSocket connections, apart from the one that serves requests.
//!
//! An event wakes every subscriber's connection at once: ten thousand tasks. On the runtime of
//! the requests, a writer's request woken meanwhile waited in its queue behind all of them
//! (mutation p50 150 ms during the fan-out, measured). On a runtime of their own, connections
//! share the CPU with the requests through the operating system's scheduler instead, which
//! gives a woken request's thread its turn within milliseconds, however long the fan-out's queue.
//!
//! It has a thread for every other core, one at least: a fan-out then takes at most half of the
//! machine, and the requests always have the rest. On the 2-core benchmark machine, one thread
//! against two (6 interleaved runs of `--only fanout` each, medians): paced delivery p99 174
//! against 230 ms, p50 68 against 86 ms, the mutations' p50 meanwhile 5.2 against 9.6 ms, the
//! server's CPU over a run 26.0 against 28.5 s (two threads contend for the same subscribers'
//! locks and queues, and with the load generator for the same two cores). What it costs: events
//! recorded back to back reach subscribers more slowly, 495k against 511k deliveries/s, p99 3.4
//! against 2.5 s.

use std::future::Future;
use std::sync::OnceLock;

use futures_util::future::Either;
use tokio::runtime::{Builder, Handle, Runtime};

/// Created on first use, and kept until the process ends (a runtime may not be dropped from
/// within another, where the server runs).
static RUNTIME: OnceLock<Option<Runtime>> = OnceLock::new();

/// Starts `connection` (a WebSocket connection's whole life) on the WebSocket runtime, and
/// returns at once; if that runtime could not start, what is returned is the connection, to
/// run where it is awaited.
///
/// Returning at once ends the task that handed over the upgraded socket, instead of leaving
/// it to wait for the connection: that task's state was 1.1 KB a connection, kept for the
/// connection's life (heaptrack, 10,000 subscribers). The connection holds its own place in
/// the server's shutdown.
pub fn serve(
    connection: impl Future<Output = ()> + Send + 'static,
) -> impl Future<Output = ()> + Send {
    match runtime() {
        // A panic in `connection` ends just that connection, on its own task.
        Some(handle) => {
            drop(handle.spawn(connection));
            Either::Left(std::future::ready(()))
        }
        None => Either::Right(Box::pin(connection)),
    }
}

fn runtime() -> Option<&'static Handle> {
    RUNTIME
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(2, usize::from);
            let threads = (cores / 2).max(1);
            Builder::new_multi_thread()
                .worker_threads(threads)
                .thread_name("websocket")
                .enable_all()
                .build()
                .inspect_err(|error| {
                    tracing::warn!(%error, "cannot start the WebSocket runtime; serving WebSockets with the requests");
                })
                .ok()
        })
        .as_ref()
        .map(Runtime::handle)
}

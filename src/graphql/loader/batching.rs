//! Deterministic batching: a DataLoader batch holds every key of one nesting level.
//!
//! async-graphql's DataLoader sends a batch a fixed delay after its first key arrives. On a
//! busy multi-threaded runtime the rest of the level may not have asked by then, and the batch
//! splits: the statement count of a query would then depend on the machine's load. Here the
//! loads of a request run in the request's own task, and are polled only once the request's
//! resolvers cannot progress, that is once every key of the level has been asked for.
//!
//! "Cannot progress" is not the same as "returned `Pending`": async-graphql resolves lists
//! with `FuturesUnordered`, which yields after a share of its futures and wakes itself to go
//! on. A request that woke itself during its poll has more keys to ask for, so the loads it
//! queued wait for a poll after which it is truly waiting.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use async_graphql::dataloader::DataLoader;
use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt};

/// The loads a request has started and not yet polled.
#[derive(Clone, Default)]
pub struct LoadQueue(Arc<Mutex<Vec<BoxFuture<'static, ()>>>>);

impl LoadQueue {
    /// A DataLoader for `loader` whose loads wait on this queue.
    pub fn loader<T>(&self, loader: T) -> DataLoader<T> {
        let queue = self.clone();
        // The delay only has to let the current poll of the resolvers end; the queue does that.
        DataLoader::new(loader, move |load| queue.push(load)).delay(Duration::ZERO)
    }

    fn push(&self, load: BoxFuture<'static, ()>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(load);
    }

    fn take(&self) -> Vec<BoxFuture<'static, ()>> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Runs `request` to completion, polling the loads it queues after each of its polls.
    pub async fn run<F: Future>(&self, request: F) -> F::Output {
        let mut request = pin!(request);
        let mut loads = FuturesUnordered::new();
        poll_fn(|cx| {
            let waker = Arc::new(WakeWatch::new(cx.waker()));
            let watched = Waker::from(Arc::clone(&waker));
            if let Poll::Ready(output) = request.as_mut().poll(&mut Context::from_waker(&watched)) {
                return Poll::Ready(output);
            }
            if waker.woken.load(Ordering::Acquire) {
                // The request has more keys to ask for, and will be polled again at once: a
                // load polled now could take a level's keys before the level is complete.
                return Poll::Pending;
            }
            loads.extend(self.take());
            // A load that finishes wakes this task through its channel, so the request is
            // polled again; draining finished loads here only keeps the set small.
            while let Poll::Ready(Some(())) = loads.poll_next_unpin(cx) {}
            Poll::Pending
        })
        .await
    }
}

/// A waker that notes whether it was woken, and passes the wake on.
struct WakeWatch {
    woken: AtomicBool,
    inner: Waker,
}

impl WakeWatch {
    fn new(inner: &Waker) -> Self {
        Self {
            woken: AtomicBool::new(false),
            inner: inner.clone(),
        }
    }
}

impl Wake for WakeWatch {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.inner.wake_by_ref();
    }
}

//! Rate limits on `/graphql`: a bucket of `--rate-limit` requests, refilled over a minute, per
//! token, or per client address for anonymous traffic. Off unless `--rate-limit` is set.
//!
//! `governor` keeps the buckets (GCRA: one instant per key, no timer), in a concurrent map.

use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::graphql::error::{code, refusal_body};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter as Buckets};
use poem::http::StatusCode;
use poem::http::header::{AUTHORIZATION, RETRY_AFTER};
use poem::{Endpoint, IntoResponse, Request, Response, Result};

use crate::service::token::hash;

/// How often the keys whose bucket is full again are forgotten. Such a key is no different
/// from one never seen, and a bucket refills within a minute of its key's last request: a key
/// is kept at most two minutes after it, so memory is bounded by the keys of two minutes.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// Requests allowed per minute and key.
#[derive(Debug)]
pub struct RateLimiter<C: Clock = DefaultClock> {
    per_minute: NonZeroU32,
    buckets: Buckets<String, DefaultKeyedStateStore<String>, C, NoOpMiddleware<C::Instant>>,
}

impl RateLimiter {
    /// A limiter of `per_minute` requests per key, and the task that forgets idle keys every
    /// minute; the task ends with the limiter.
    pub fn start(per_minute: NonZeroU32) -> Arc<Self> {
        let limiter = Arc::new(Self::with_clock(per_minute, DefaultClock::default()));
        tokio::spawn(forget_idle_keys(Arc::downgrade(&limiter)));
        limiter
    }
}

impl<C: Clock> RateLimiter<C> {
    fn with_clock(per_minute: NonZeroU32, clock: C) -> Self {
        let buckets = Buckets::new(
            Quota::per_minute(per_minute),
            DefaultKeyedStateStore::default(),
            clock,
        );
        Self {
            per_minute,
            buckets,
        }
    }

    /// Takes one request from `key`'s bucket, or says how long until one is available.
    fn take(&self, key: &String) -> Result<(), Duration> {
        self.buckets
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.buckets.clock().now()))
    }

    /// Forgets the keys whose bucket is full again.
    fn forget_idle(&self) {
        self.buckets.retain_recent();
        self.buckets.shrink_to_fit();
    }
}

async fn forget_idle_keys<C: Clock>(limiter: Weak<RateLimiter<C>>) {
    let mut every = tokio::time::interval(FORGET_EVERY);
    // The first tick is at once: skip it.
    every.tick().await;
    loop {
        every.tick().await;
        let Some(limiter) = limiter.upgrade() else {
            return;
        };
        limiter.forget_idle();
    }
}

/// Serves `request` if its key has requests left; otherwise 429 with `Retry-After`.
pub async fn around<E: Endpoint>(
    endpoint: Arc<E>,
    request: Request,
    limiter: Arc<RateLimiter>,
) -> Result<Response> {
    let key = match request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
    {
        Some(credentials) => format!("token:{}", hash(credentials)),
        // The client's IP, not its port: each connection of a client has a port of its own.
        None => match request.remote_addr().as_socket_addr() {
            Some(address) => format!("address:{}", address.ip()),
            None => format!("address:{}", request.remote_addr()),
        },
    };
    if let Err(wait) = limiter.take(&key) {
        // Whole seconds, rounded up: a client that waits that long finds a request available.
        let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
        return Ok(too_many_requests(limiter.per_minute, seconds));
    }
    Ok(endpoint.call(request).await?.into_response())
}

/// The answer to a request over the limit.
fn too_many_requests(per_minute: NonZeroU32, seconds: u64) -> Response {
    let message = format!(
        "too many requests: at most {per_minute} per minute are allowed; retry in {seconds} s"
    );
    Response::builder()
        .status(StatusCode::TOO_MANY_REQUESTS)
        .header(RETRY_AFTER, seconds.to_string())
        .content_type("application/json; charset=utf-8")
        .body(refusal_body(message, code::RATE_LIMITED))
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    fn sixty_a_minute() -> (RateLimiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        let per_minute = NonZeroU32::new(60).unwrap();
        (RateLimiter::with_clock(per_minute, clock.clone()), clock)
    }

    #[test]
    fn refills_over_a_minute() {
        let (limiter, clock) = sixty_a_minute();
        let a = "a".to_owned();
        for _ in 0..60 {
            assert!(limiter.take(&a).is_ok());
        }
        let wait = limiter.take(&a).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        assert!(
            limiter.take(&"b".to_owned()).is_ok(),
            "keys have buckets of their own"
        );
        clock.advance(Duration::from_secs(1));
        assert!(limiter.take(&a).is_ok());
        assert!(limiter.take(&a).is_err(), "one request came back in 1 s");
    }

    #[test]
    fn forgets_a_key_once_its_bucket_is_full_again() {
        let (limiter, clock) = sixty_a_minute();
        let (busy, quiet) = ("busy".to_owned(), "quiet".to_owned());
        for _ in 0..60 {
            assert!(limiter.take(&busy).is_ok());
        }
        assert!(limiter.take(&quiet).is_ok());
        assert_eq!(limiter.buckets.len(), 2);

        // After 30 s, the quiet key's bucket is full again, the busy one's half full.
        clock.advance(Duration::from_secs(30));
        limiter.forget_idle();
        assert_eq!(limiter.buckets.len(), 1);
        for _ in 0..30 {
            assert!(limiter.take(&busy).is_ok());
        }
        assert!(
            limiter.take(&busy).is_err(),
            "forgetting others kept its state"
        );

        clock.advance(Duration::from_secs(61));
        limiter.forget_idle();
        assert_eq!(limiter.buckets.len(), 0);
    }
}

//! Rate limits on `/graphql`: a token bucket per token, or per client address for anonymous
//! traffic. Off unless `--rate-limit` is set.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use poem::http::StatusCode;
use poem::http::header::{AUTHORIZATION, RETRY_AFTER};
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use serde_json::json;

use crate::service::token::hash;

/// Buckets idle this long are forgotten, so that memory stays bounded.
const FORGET_AFTER: Duration = Duration::from_secs(120);

/// Requests allowed per minute and key.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `key`'s bucket, or says how long until one is available.
    fn take(&self, key: String, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let refill_per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > 10_000 {
            buckets.retain(|_, bucket| now.duration_since(bucket.updated) < FORGET_AFTER);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * refill_per_second).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / refill_per_second,
            ))
        }
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
    if let Err(wait) = limiter.take(key, Instant::now()) {
        let seconds = wait.as_secs().max(1);
        let message = format!(
            "too many requests: at most {} per minute are allowed; retry in {seconds} s",
            limiter.per_minute
        );
        let body =
            json!({ "errors": [{ "message": message, "extensions": { "code": "RATE_LIMITED" } }] });
        return Ok(Response::builder()
            .status(StatusCode::TOO_MANY_REQUESTS)
            .header(RETRY_AFTER, seconds.to_string())
            .content_type("application/json; charset=utf-8")
            .body(body.to_string()));
    }
    Ok(endpoint.call(request).await?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refills_over_a_minute() {
        let limiter = RateLimiter::new(60);
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.take("a".to_owned(), start).is_ok());
        }
        let wait = limiter.take("a".to_owned(), start).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        assert!(
            limiter.take("b".to_owned(), start).is_ok(),
            "keys have buckets of their own"
        );
        assert!(
            limiter
                .take("a".to_owned(), start + Duration::from_secs(1))
                .is_ok()
        );
    }
}

//! Which WebSocket connections may open: at most `--max-ws-connections` in all, and
//! `--max-ws-connections-per-address` from one client IP address, so that memory stays within
//! what the operator allowed whatever clients do, and one client cannot take every slot.
//!
//! A connection holds a [`Slot`] from its admission, just before the upgrade, to the end of its
//! task. Dropping the slot frees it, so a connection that ends in any way, a panic included,
//! gives its slot back. The gauge `territoires_websocket_connections` moves with the slots.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::graphql::error::{code, refusal_body};
use poem::http::StatusCode;
use poem::http::header::RETRY_AFTER;
use poem::{IntoResponse, Response};

use crate::config::WebSocketLimits;
use crate::metrics::{Metrics, WebSocketRefusal};

/// Seconds a refused client is told to wait: slots free as other clients leave, and no queue
/// says when.
const RETRY_AFTER_SECONDS: u64 = 10;

/// The open WebSocket connections, in all and per client address; cheap to clone.
#[derive(Clone, Debug)]
pub struct WebSocketAdmission(Arc<Admission>);

#[derive(Debug)]
struct Admission {
    max: usize,
    max_per_address: usize,
    open: Mutex<Open>,
    metrics: Arc<Metrics>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    /// Only addresses with a connection open: an address leaves when its last one closes.
    per_address: HashMap<IpAddr, usize>,
}

impl WebSocketAdmission {
    pub fn new(limits: &WebSocketLimits, metrics: Arc<Metrics>) -> Self {
        Self(Arc::new(Admission {
            max: limits.max_ws_connections,
            max_per_address: limits.max_ws_connections_per_address,
            open: Mutex::default(),
            metrics,
        }))
    }

    /// A slot for a connection from `address` (`None` when the connection has no IP address:
    /// it counts in all only), or why it is refused, counted in the metrics.
    pub fn admit(&self, address: Option<IpAddr>) -> Result<Slot, Refused> {
        let admission = &self.0;
        let mut open = admission
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let from_address = address
            .and_then(|address| open.per_address.get(&address).copied())
            .unwrap_or(0);
        // The address first: its client can do something about it, by closing one of its own.
        let refused = if address.is_some() && from_address >= admission.max_per_address {
            Refused {
                reason: WebSocketRefusal::AddressFull,
                cap: admission.max_per_address,
            }
        } else if open.total >= admission.max {
            Refused {
                reason: WebSocketRefusal::ServerFull,
                cap: admission.max,
            }
        } else {
            open.total += 1;
            if let Some(address) = address {
                *open.per_address.entry(address).or_default() += 1;
            }
            admission.metrics.websocket(1);
            return Ok(Slot {
                admission: Arc::clone(admission),
                address,
            });
        };
        drop(open);
        admission.metrics.websocket_refused(refused.reason);
        Err(refused)
    }
}

/// A connection refused: why, and the cap it met.
#[derive(Debug)]
pub struct Refused {
    reason: WebSocketRefusal,
    cap: usize,
}

impl IntoResponse for Refused {
    /// What is allowed, and when to retry.
    fn into_response(self) -> Response {
        let (status, message) = match self.reason {
            WebSocketRefusal::ServerFull => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "too many WebSocket connections: the server holds at most {} at once; \
                     retry in {RETRY_AFTER_SECONDS} s",
                    self.cap
                ),
            ),
            WebSocketRefusal::AddressFull => (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "too many WebSocket connections from one address: at most {} are allowed \
                     at once; close one, or retry in {RETRY_AFTER_SECONDS} s",
                    self.cap
                ),
            ),
        };
        Response::builder()
            .status(status)
            .header(RETRY_AFTER, RETRY_AFTER_SECONDS.to_string())
            .content_type("application/json; charset=utf-8")
            .body(refusal_body(message, code::RATE_LIMITED))
    }
}

/// One open connection's place; dropping it frees the place.
#[derive(Debug)]
pub struct Slot {
    admission: Arc<Admission>,
    address: Option<IpAddr>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .admission
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        open.total -= 1;
        if let Some(address) = self.address
            && let Some(count) = open.per_address.get_mut(&address)
        {
            *count -= 1;
            if *count == 0 {
                open.per_address.remove(&address);
            }
        }
        self.admission.metrics.websocket(-1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frees_slots_and_forgets_addresses_as_connections_close() {
        let limits = WebSocketLimits {
            max_ws_connections: 3,
            max_ws_connections_per_address: 2,
            ..WebSocketLimits::default()
        };
        // The metrics read no database unless rendered.
        let metrics = Metrics::new(Default::default(), Default::default());
        let admission = WebSocketAdmission::new(&limits, Arc::new(metrics));
        let (one, two) = (
            Some(IpAddr::from([127, 0, 0, 1])),
            Some(IpAddr::from([127, 0, 0, 2])),
        );
        let first = admission.admit(one).unwrap();
        let second = admission.admit(one).unwrap();
        let refused = admission.admit(one).unwrap_err();
        assert_eq!(refused.reason, WebSocketRefusal::AddressFull);
        assert_eq!(refused.cap, 2);
        let third = admission.admit(two).unwrap();
        let refused = admission.admit(None).unwrap_err();
        assert_eq!(refused.reason, WebSocketRefusal::ServerFull);
        assert_eq!(refused.cap, 3);

        drop(first);
        let fourth = admission.admit(one).unwrap();
        drop((second, third, fourth));
        let open = admission.0.open.lock().unwrap();
        assert_eq!(open.total, 0);
        assert!(
            open.per_address.is_empty(),
            "an address is forgotten once its connections are closed: {:?}",
            open.per_address
        );
    }
}

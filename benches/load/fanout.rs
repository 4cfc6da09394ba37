//! Subscription fan-out: thousands of `graphql-transport-ws` subscribers, then values recorded
//! one at a time, at a steady pace or back to back; how long each event takes from the
//! mutation's HTTP response to each subscriber, whether any is lost or repeated, and how long
//! the mutations themselves take meanwhile.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Days, NaiveDate};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::{Notify, Semaphore, mpsc, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async_with_config};

use crate::graphql::Graphql;
use crate::http_load::Latencies;
use crate::scenarios::RECORD_ONE;
use crate::server::ServerProcess;

/// What every subscriber asks for: enough to tell events apart.
const SUBSCRIPTION: &str = "subscription { indicatorValueRecorded { cursor value { id value } } }";
/// How long one subscriber may take to connect and have its subscription taken.
const CONNECT_PATIENCE: Duration = Duration::from_secs(60);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How the fan-out runs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub subscribers: usize,
    /// Values recorded, one at a time, once every subscriber is ready.
    pub events: usize,
    /// The time from one mutation's sending to the next's: `None` sends each as soon as the
    /// previous one is answered (back to back).
    pub pace: Option<Duration>,
    /// The first value's date is this many days after 2010-01-01, so that two runs on one
    /// server record values of their own instead of replaying each other's.
    pub first_day: u64,
    /// Subscribers connecting at once.
    pub connect_batch: usize,
    /// How long after the last mutation's answer subscribers may take to receive everything;
    /// an event still missing then is lost.
    pub delivery_timeout: Duration,
}

/// What the fan-out measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub subscribers: usize,
    pub connect_failures: usize,
    pub first_connect_error: Option<String>,
    /// From the first connection to every subscription active on the server.
    pub connect_time: Duration,
    /// Subscriptions the server counted as active before the first value was recorded.
    pub active_subscriptions: u64,
    /// From each mutation's HTTP response to each subscriber's receipt, signed (an event may
    /// arrive before the response), in milliseconds.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// Of the mutations themselves.
    pub mutation_p50_ms: Option<f64>,
    /// Mutations that failed (their values are not expected by anyone).
    pub mutation_errors: u64,
    pub first_mutation_error: Option<String>,
    /// Expected (subscriber, event) pairs not received within the timeout.
    pub lost: u64,
    /// Events a subscriber received more than once (same cursor).
    pub repeated: u64,
    /// Receipts per second, from the first mutation to the last receipt.
    pub deliveries_per_second: f64,
    /// Server RSS with every subscriber connected, before the first event, in MiB.
    pub rss_connected_mb: f64,
    /// Server RSS once the events were delivered, in MiB.
    pub rss_after_mb: f64,
    /// Errors the subscribers received or saw instead of events.
    pub subscriber_errors: u64,
    pub first_subscriber_error: Option<String>,
}

/// One event as a subscriber received it.
#[derive(Debug, Clone, Copy)]
struct Receipt {
    value_id: i64,
    seq: i64,
    at: Instant,
}

/// What one subscriber saw.
#[derive(Debug, Default)]
struct Seen {
    receipts: Vec<Receipt>,
    errors: u64,
    first_error: Option<String>,
}

/// Connects `settings.subscribers` subscribers to `server`, records `settings.events` values
/// of `indicator` (a percentage) one at a time with `token`, and measures their delivery.
pub async fn run(
    server: &ServerProcess,
    api: &Graphql,
    token: &str,
    indicator: &str,
    settings: Settings,
) -> anyhow::Result<Outcome> {
    let ws_url: Arc<str> =
        format!("{}/graphql", server.base.replacen("http://", "ws://", 1)).into();
    let (stop_sender, stop) = watch::channel(false);
    let complete = Arc::new(AtomicUsize::new(0));
    let all_complete = Arc::new(Notify::new());
    let permits = Arc::new(Semaphore::new(settings.connect_batch));
    let (ready_sender, mut ready) = mpsc::unbounded_channel::<Result<(), String>>();

    let connecting = Instant::now();
    let mut subscribers = Vec::with_capacity(settings.subscribers);
    for _ in 0..settings.subscribers {
        let (ws_url, permits, ready_sender, stop) = (
            Arc::clone(&ws_url),
            Arc::clone(&permits),
            ready_sender.clone(),
            stop.clone(),
        );
        let (complete, all_complete) = (Arc::clone(&complete), Arc::clone(&all_complete));
        let expected = settings.events;
        subscribers.push(tokio::spawn(async move {
            let socket = {
                let Ok(_permit) = permits.acquire().await else {
                    return None;
                };
                tokio::time::timeout(CONNECT_PATIENCE, subscribe(&ws_url))
                    .await
                    .unwrap_or_else(|_| Err("no subscription within 60 s".to_owned()))
            };
            match socket {
                Ok(socket) => {
                    let _ = ready_sender.send(Ok(()));
                    Some(listen(socket, stop, expected, &complete, &all_complete).await)
                }
                Err(error) => {
                    let _ = ready_sender.send(Err(error));
                    None
                }
            }
        }));
    }
    drop(ready_sender);
    let mut connected = 0;
    let mut connect_failures = 0;
    let mut first_connect_error = None;
    // Every subscriber reports once (its task keeps its sender while it listens).
    for _ in 0..settings.subscribers {
        let Some(outcome) = ready.recv().await else {
            break;
        };
        match outcome {
            Ok(()) => connected += 1,
            Err(error) => {
                connect_failures += 1;
                first_connect_error.get_or_insert(error);
            }
        }
    }
    if connected == 0 {
        bail!(
            "no subscriber could connect: {}",
            first_connect_error.unwrap_or_default()
        );
    }
    // A pong says the server has read the subscription, not that it has started it: wait
    // until the server counts every subscription as active, so that none starts while the
    // values are being recorded. Then let it settle before reading its memory.
    let active_deadline = Instant::now() + CONNECT_PATIENCE;
    let mut active = 0;
    while Instant::now() < active_deadline {
        active = api.metric("territoires_subscriptions").await?;
        if active >= connected as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connect_time = connecting.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected_mb = server.rss_mb()?;

    // The values, recorded from a thread of their own: on this process's runtime, a
    // mutation's answer waited behind the thousands of subscribers its previous event woke
    // before it was read. Its latency then measured this process, not the server (34 ms p50
    // here against 5 ms in the server's own histogram), and each delivery's latency was
    // measured from the late reading, which understated it.
    let url = server.url("/graphql");
    let (token, indicator) = (token.to_owned(), indicator.to_owned());
    let Recorded {
        answered_at,
        mutation_latencies,
        mutation_errors,
        first_mutation_error,
        first_sent,
    } = tokio::task::spawn_blocking(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(record(&url, &token, &indicator, settings))
    })
    .await
    .context("the thread recording values panicked")??;

    if answered_at.is_empty() {
        bail!(
            "every fan-out mutation failed: {}",
            first_mutation_error.unwrap_or_default()
        );
    }
    // Wait until every subscriber has every event, or the timeout.
    let deadline = Instant::now() + settings.delivery_timeout;
    while complete.load(Ordering::Acquire) < connected {
        let waiting = all_complete.notified();
        if complete.load(Ordering::Acquire) >= connected {
            break;
        }
        if tokio::time::timeout_at(deadline, waiting).await.is_err() {
            break;
        }
    }
    let rss_after_mb = server.rss_mb()?;
    let _ = stop_sender.send(true);

    let mut latencies = Vec::with_capacity(connected * settings.events);
    let mut lost = 0;
    let mut repeated = 0;
    let mut subscriber_errors = 0;
    let mut first_subscriber_error = None;
    let mut last_receipt = first_sent;
    let mut receipts = 0_u64;
    for subscriber in subscribers {
        let Some(seen) = subscriber.await.context("a subscriber panicked")? else {
            continue;
        };
        subscriber_errors += seen.errors;
        if first_subscriber_error.is_none() {
            first_subscriber_error = seen.first_error;
        }
        let mut seqs = HashSet::with_capacity(seen.receipts.len());
        let mut received = HashSet::with_capacity(seen.receipts.len());
        for receipt in &seen.receipts {
            if !seqs.insert(receipt.seq) {
                repeated += 1;
                continue;
            }
            let Some(answered) = answered_at.get(&receipt.value_id) else {
                continue;
            };
            received.insert(receipt.value_id);
            receipts += 1;
            last_receipt = last_receipt.max(receipt.at);
            latencies.push(signed_millis(*answered, receipt.at));
        }
        lost += (answered_at.len() - received.len()) as u64;
    }
    latencies.sort_by(f64::total_cmp);
    let quantile = |q: f64| -> Option<f64> {
        let rank = (q * latencies.len() as f64).ceil() as usize;
        latencies
            .get(rank.clamp(1, latencies.len().max(1)) - 1)
            .copied()
    };
    let spread = (last_receipt - first_sent).as_secs_f64().max(f64::EPSILON);
    Ok(Outcome {
        subscribers: connected,
        connect_failures,
        first_connect_error,
        connect_time,
        active_subscriptions: active,
        p50_ms: quantile(0.50),
        p99_ms: quantile(0.99),
        max_ms: latencies.last().copied(),
        mutation_p50_ms: Latencies::new(mutation_latencies).quantile_ms(0.5),
        mutation_errors,
        first_mutation_error,
        lost,
        repeated,
        deliveries_per_second: receipts as f64 / spread,
        rss_connected_mb,
        rss_after_mb,
        subscriber_errors,
        first_subscriber_error,
    })
}

/// The values `run` records and what their mutations measured.
struct Recorded {
    /// When each value's mutation was answered, by value id.
    answered_at: HashMap<i64, Instant>,
    /// Of the mutations answered, in microseconds.
    mutation_latencies: Vec<u64>,
    mutation_errors: u64,
    first_mutation_error: Option<String>,
    /// When the first mutation was sent.
    first_sent: Instant,
}

/// Records `settings.events` values of `indicator` with `token` at `url`, one at a time,
/// each after the previous one's answer (and its time slot).
async fn record(
    url: &str,
    token: &str,
    indicator: &str,
    settings: Settings,
) -> anyhow::Result<Recorded> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let mut answered_at: HashMap<i64, Instant> = HashMap::with_capacity(settings.events);
    let mut mutation_latencies = Vec::with_capacity(settings.events);
    let mut mutation_errors = 0_u64;
    let mut first_mutation_error = None;
    let first_day = NaiveDate::from_ymd_opt(2010, 1, 1).context("a date")?;
    let first_sent = Instant::now();
    for number in 0..settings.events {
        if let Some(pace) = settings.pace {
            tokio::time::sleep_until(first_sent + pace * u32::try_from(number)?).await;
        }
        let as_of = first_day
            .checked_add_days(Days::new(settings.first_day + u64::try_from(number)?))
            .context("date out of range")?;
        let input = json!({
            "indicatorId": indicator, "value": (number % 100).to_string(), "asOf": as_of.to_string()
        });
        let body = json!({ "query": RECORD_ONE, "variables": { "input": input } }).to_string();
        let sent = Instant::now();
        let outcome = crate::http_load::post_graphql(&client, url, Some(token), body).await;
        let at = Instant::now();
        let text = match outcome {
            Ok(text) => text,
            Err(error) => {
                mutation_errors += 1;
                first_mutation_error.get_or_insert(error);
                continue;
            }
        };
        mutation_latencies.push(u64::try_from((at - sent).as_micros())?);
        let answer: Value = serde_json::from_str(&text)?;
        let id = answer["data"]["recordIndicatorValue"]["value"]["id"]
            .as_str()
            .and_then(decode_number)
            .with_context(|| format!("no value id in {text}"))?;
        answered_at.insert(id, at);
    }
    Ok(Recorded {
        answered_at,
        mutation_latencies,
        mutation_errors,
        first_mutation_error,
        first_sent,
    })
}

/// Opens a `graphql-transport-ws` connection, initialises it and subscribes; returns once the
/// server has answered a ping sent after the subscription (it reads messages in order, so the
/// subscription is taken by then).
async fn subscribe(ws_url: &str) -> Result<Socket, String> {
    let mut request = ws_url
        .into_client_request()
        .map_err(|error| error.to_string())?;
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    // Small buffers: ten thousand sockets live in this process too.
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0);
    let (mut socket, _) = connect_async_with_config(request, Some(config), true)
        .await
        .map_err(|error| format!("handshake: {error}"))?;
    send(&mut socket, &json!({ "type": "connection_init" })).await?;
    expect(&mut socket, "connection_ack").await?;
    let subscribe = json!({
        "type": "subscribe", "id": "1", "payload": { "query": SUBSCRIPTION }
    });
    send(&mut socket, &subscribe).await?;
    send(&mut socket, &json!({ "type": "ping" })).await?;
    expect(&mut socket, "pong").await?;
    Ok(socket)
}

async fn send(socket: &mut Socket, message: &Value) -> Result<(), String> {
    socket
        .send(Message::text(message.to_string()))
        .await
        .map_err(|error| format!("send: {error}"))
}

/// Reads messages until one of type `kind`, answering pings; any other message is an error.
async fn expect(socket: &mut Socket, kind: &str) -> Result<(), String> {
    loop {
        let text = match socket.next().await {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(frame))) => return Err(format!("closed: {frame:?}")),
            Some(Ok(_)) => continue,
            Some(Err(error)) => return Err(format!("read: {error}")),
            None => return Err("closed".to_owned()),
        };
        let message: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
        match message["type"].as_str() {
            Some(found) if found == kind => return Ok(()),
            Some("ping") => send(socket, &json!({ "type": "pong" })).await?,
            Some("ka") => {}
            _ => return Err(format!("expected {kind}, got {message}")),
        }
    }
}

/// Receives events until `stop`; counts itself in `complete` once it has `expected` distinct
/// ones.
async fn listen(
    mut socket: Socket,
    mut stop: watch::Receiver<bool>,
    expected: usize,
    complete: &AtomicUsize,
    all_complete: &Notify,
) -> Seen {
    let mut seen = Seen {
        receipts: Vec::with_capacity(expected),
        ..Seen::default()
    };
    let mut distinct = HashSet::with_capacity(expected);
    let mut counted = false;
    loop {
        let frame = tokio::select! {
            biased;
            _ = stop.changed() => break,
            frame = socket.next() => frame,
        };
        let at = Instant::now();
        let text = match frame {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(frame))) => {
                seen.error(format!("the server closed the socket: {frame:?}"));
                break;
            }
            Some(Ok(_)) => continue,
            Some(Err(error)) => {
                seen.error(format!("read: {error}"));
                break;
            }
            None => {
                seen.error("the server closed the socket".to_owned());
                break;
            }
        };
        // Read into borrowed fields rather than a `Value`: this process shares the machine's
        // two cores with the server, and every cycle it spends on a message is one the server
        // does not get: over a `--only fanout` run, a `Value` per message took this process
        // 24.6-28.0 s of CPU, these borrowed fields 20.8-22.6 s.
        let Ok(message) = serde_json::from_str::<ServerMessage>(text.as_str()) else {
            seen.error(format!("not a protocol message: {text}"));
            continue;
        };
        match message.kind.as_ref() {
            "next" => {
                let event = message
                    .payload
                    .and_then(|payload| payload.data)
                    .and_then(|data| data.indicator_value_recorded);
                let numbers = event.as_ref().and_then(|event| {
                    Some((
                        decode_number(&event.cursor)?,
                        decode_number(&event.value.id)?,
                    ))
                });
                let Some((seq, value_id)) = numbers else {
                    seen.error(format!("not an event: {text}"));
                    continue;
                };
                seen.receipts.push(Receipt { value_id, seq, at });
                distinct.insert(seq);
                if !counted && distinct.len() >= expected {
                    counted = true;
                    complete.fetch_add(1, Ordering::AcqRel);
                    all_complete.notify_one();
                }
            }
            "ping" => {
                if let Err(error) = send(&mut socket, &json!({ "type": "pong" })).await {
                    seen.error(error);
                    break;
                }
            }
            "pong" | "ka" => {}
            _ => seen.error(format!("unexpected message: {text}")),
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
    seen
}

impl Seen {
    fn error(&mut self, error: String) {
        self.errors += 1;
        self.first_error.get_or_insert(error);
    }
}

/// A message from the server, as much of it as a subscriber reads.
#[derive(Deserialize)]
struct ServerMessage<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    payload: Option<EventPayload<'a>>,
}

#[derive(Deserialize)]
struct EventPayload<'a> {
    #[serde(borrow)]
    data: Option<EventData<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventData<'a> {
    #[serde(borrow)]
    indicator_value_recorded: Option<RecordedEvent<'a>>,
}

#[derive(Deserialize)]
struct RecordedEvent<'a> {
    #[serde(borrow)]
    cursor: Cow<'a, str>,
    #[serde(borrow)]
    value: RecordedValue<'a>,
}

#[derive(Deserialize)]
struct RecordedValue<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
}

/// The number at the end of an opaque id or cursor: URL-safe base64 of `Kind:number`.
fn decode_number(encoded: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(encoded).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    text.rsplit(':').next()?.parse().ok()
}

/// Milliseconds from `start` to `end`, negative when `end` came first.
fn signed_millis(start: Instant, end: Instant) -> f64 {
    match end.checked_duration_since(start) {
        Some(after) => after.as_secs_f64() * 1000.0,
        None => -(start.duration_since(end).as_secs_f64() * 1000.0),
    }
}

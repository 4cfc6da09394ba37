//! The load benchmark of `territoires`: `cargo bench --bench load` (full, about 6 minutes) or
//! `cargo bench --bench load -- --quick` (under a minute, CI's smoke test; it never judges
//! the figures).
//!
//! It runs the release server as a child process on a fresh SQLite file holding a long
//! history (1,000,000 values of one indicator; 50,000 in quick mode), drives it over loopback
//! from this process, and reports for each scenario the throughput, p50 and p99 latency, SQL
//! statements per request and the server's memory, beside the targets. The table is
//! printed in Markdown and written, with every figure, to `target/bench/summary.json`.
//!
//! The scenarios, in the order they run:
//! - `ceiling`: `GET /health`, 32 connections; every other throughput is compared to it.
//! - `dashboard`: the dashboard query, 32 connections.
//! - `dashboard-nocache`: the same on a server restarted with `--response-cache false`, when
//!   the server has that flag (else as it is, and the table says so); then
//!   `history-page-nocache` and `history-series-nocache` (below) on that server.
//! - `startup`, `idle`: a restart on the loaded file: spawn to first `/health` 200, and RSS.
//! - `region`: one region's page by slug, 32 connections.
//! - `dashboard-mixed`: the dashboard, 32 connections, while one integrator records a value
//!   every 100 ms; every answer is checked against the writes acknowledged before it was
//!   asked for, and the stale ones are counted.
//! - `history-page`, `history-series`: pages of 100 values walked with cursors, and monthly
//!   series, of the long history, 8 connections each.
//! - `writes-single`, `writes-batch`: one value per mutation (8 connections) and 500 per
//!   mutation (2 connections).
//! - `fanout`: 10,000 WebSocket subscribers (1,000 in quick mode), then 200 values (20)
//!   recorded one at a time, one every 100 ms (the rate of `dashboard-mixed`'s integrator);
//!   delivery latency, lost and repeated events, and the mutations' own latency meanwhile.
//! - `fanout-burst`: the same with new subscribers, the values recorded back to back (each
//!   mutation sent when the previous one is answered): the writer against the fan-out at full
//!   tilt.
//! - `csv-import`: spreadsheets of 100,000 values (10,000) posted to `POST /values.csv`, 3
//!   files (1), values/s.
//! - `export`: every revision of the long history from `GET /values.csv`, 3 times (1): first
//!   byte, rows/s, growth of the server's memory.
//!
//! `cargo bench --bench load -- --only fanout` runs only `fanout` and `fanout-burst`, on a
//! server whose store holds no long history (the fan-out reads none), in a minute or two.
//! `TERRITOIRES_BENCH_SERVER=/path/to/territoires` runs that server binary instead of the one
//! Cargo built beside the benchmark, to compare two builds on one machine.
//!
//! Only lost or repeated events and stale answers fail a full run; no other figure is
//! asserted.

mod data;
mod fanout;
mod graphql;
mod http_load;
mod mixed;
mod open_data;
mod report;
mod scenarios;
mod server;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use anyhow::Context;
use serde_json::json;

use graphql::Graphql;
use http_load::{Settings, Workload};
use report::{Bound, Row};
use server::ServerProcess;

/// The sizes and durations of a run.
#[derive(Debug, Clone, Copy)]
struct Mode {
    name: &'static str,
    /// Warm-up before each measured window.
    warmup: Duration,
    /// Each scenario's measured window.
    duration: Duration,
    /// Values of the long history.
    history_values: u64,
    /// Subscribers of the fan-out.
    subscribers: usize,
    /// Values recorded during the fan-out.
    events: usize,
    /// How long subscribers may take to receive the fan-out's events after the last write.
    delivery_timeout: Duration,
    /// The CSV import's files and the export's downloads.
    open_data: open_data::Settings,
    /// Keep the temporary folder (database, server logs) instead of deleting it (`--keep`).
    keep: bool,
    /// Run only the fan-out scenarios (`--only fanout`).
    only_fanout: bool,
}

/// `cargo bench --bench load`.
const FULL: Mode = Mode {
    name: "full",
    warmup: Duration::from_secs(3),
    duration: Duration::from_secs(15),
    history_values: 1_000_000,
    subscribers: 10_000,
    events: 200,
    delivery_timeout: Duration::from_secs(60),
    open_data: open_data::Settings {
        import_rows: 100_000,
        rounds: 3,
    },
    keep: false,
    only_fanout: false,
};

/// `cargo bench --bench load -- --quick`.
const QUICK: Mode = Mode {
    name: "quick",
    warmup: Duration::from_millis(500),
    duration: Duration::from_secs(3),
    history_values: 50_000,
    subscribers: 1_000,
    events: 20,
    delivery_timeout: Duration::from_secs(20),
    open_data: open_data::Settings {
        import_rows: 10_000,
        rounds: 1,
    },
    keep: false,
    only_fanout: false,
};

/// Connections of the read scenarios.
const READ_CONNECTIONS: usize = 32;
/// Connections of the history scenarios.
const HISTORY_CONNECTIONS: usize = 8;
/// Connections writing one value per request.
const SINGLE_WRITERS: usize = 8;
/// Connections writing batches.
const BATCH_WRITERS: usize = 2;
/// Values per batch.
const BATCH: u64 = 500;
/// Subscribers connecting at once.
const CONNECT_BATCH: usize = 200;
/// The time between two of `fanout`'s mutations: `dashboard-mixed`'s integrator's.
const FANOUT_PACE: Duration = Duration::from_millis(100);
/// File descriptors kept aside for everything but the subscribers' sockets.
const SPARE_FILES: u64 = 1024;
/// The response cache's switch, on servers that have one.
const CACHE_FLAG: &str = "--response-cache";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|arg| arg == "--quick");
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and gets a
    // no-op, since a load test is no unit test.
    if !quick && !args.iter().any(|arg| arg == "--bench") {
        println!("load: run it with `cargo bench --bench load [-- --quick]`; nothing measured");
        return ExitCode::SUCCESS;
    }
    let mut only_fanout = false;
    let mut arguments = args.iter();
    while let Some(arg) = arguments.next() {
        match arg.as_str() {
            "--quick" | "--bench" | "--keep" => {}
            "--only" => match arguments.next().map(String::as_str) {
                Some("fanout") => only_fanout = true,
                other => eprintln!("load: ignoring --only {other:?} (known: --only fanout)"),
            },
            _ => eprintln!(
                "load: ignoring the argument {arg:?} (known: --quick, --keep, --only fanout)"
            ),
        }
    }
    let mode = Mode {
        keep: args.iter().any(|arg| arg == "--keep"),
        only_fanout,
        ..if quick { QUICK } else { FULL }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("load: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(mode));
    runtime.shutdown_timeout(Duration::from_secs(5));
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("load: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every scenario; `Ok(false)` when the run must fail: a scenario got no answer at all,
/// `dashboard-mixed`'s integrator recorded nothing, or (full mode) the fan-out lost or
/// repeated events or `dashboard-mixed` saw a stale answer.
async fn run(mode: Mode) -> anyhow::Result<bool> {
    println!("territoires load benchmark, {} mode", mode.name);
    let mut notes = Vec::new();
    let subscribers = subscribers_within_file_limit(mode.subscribers, &mut notes);

    let temporary = tempfile::tempdir().context("cannot create a temporary folder")?;
    // With --keep, the folder outlives the run, however it ends; else it goes with `_folder`.
    let (_folder, folder) = if mode.keep {
        let kept = temporary.keep();
        println!(
            "keeping the database and the server logs in {}",
            kept.display()
        );
        (None, kept)
    } else {
        let path = temporary.path().to_owned();
        (Some(temporary), path)
    };
    let database = folder.join("bench.db");
    let database_url = format!("sqlite://{}?mode=rwc", database.display());
    server::cli(&["migrate"], &database_url)?;
    let token = server::cli(
        &["token", "create", "--role", "editor", "--name", "bench"],
        &database_url,
    )?
    .trim()
    .to_owned();
    if mode.only_fanout {
        return run_fanout_only(mode, subscribers, &database_url, &token, &folder, notes).await;
    }
    let history = data::load_history(&database_url, mode.history_values).await?;
    println!(
        "loaded {} values of action 3's indicator (id {}; {} current, the rest corrections) in {:.1} s",
        report::thousands(history.values as f64),
        history.indicator_id,
        report::thousands(history.current as f64),
        history.took.as_secs_f64()
    );
    let cache_flag = server::serve_accepts(CACHE_FLAG)?;

    let mut rows = Vec::new();
    let settings = |connections| Settings {
        connections,
        warmup: mode.warmup,
        duration: mode.duration,
    };

    // The ceiling and the dashboard, on the first start.
    let mut server = start(&database_url, &[], &folder, "first").await?;
    let api = Graphql::new(&server.base)?;
    let catalogue = data::Catalogue::read(&api).await?;
    let recorded = data::record_dashboard_values(&api, &token, &catalogue).await?;
    println!("recorded {recorded} values through the API for the dashboard");
    let graphql_url = server.url("/graphql");

    let health = scenarios::Health {
        url: server.url("/health"),
    };
    let ceiling = measure(
        "ceiling",
        &mut server,
        &api,
        health,
        settings(READ_CONNECTIONS),
    )
    .await?;
    let ceiling_rps = ceiling.requests_per_second.unwrap_or(0.0);
    rows.push(ceiling);
    rows.push(
        measure(
            "dashboard",
            &mut server,
            &api,
            scenarios::Fixed::new(graphql_url.clone(), scenarios::DASHBOARD),
            settings(READ_CONNECTIONS),
        )
        .await?,
    );
    server.stop().await;

    // The dashboard without the response cache, on a server restarted without it.
    let flags: &[&str] = if cache_flag {
        &[CACHE_FLAG, "false"]
    } else {
        &[]
    };
    let mut server = start(&database_url, flags, &folder, "no-cache").await?;
    let api = Graphql::new(&server.base)?;
    let dashboard = scenarios::Fixed::new(server.url("/graphql"), scenarios::DASHBOARD);
    let mut nocache = measure(
        "dashboard-nocache",
        &mut server,
        &api,
        dashboard,
        settings(READ_CONNECTIONS),
    )
    .await?;
    if !cache_flag {
        nocache.notes.push(
            "cache flag unavailable: this server has no --response-cache, so this is the \
             server as it is"
                .to_owned(),
        );
        notes.push("dashboard-nocache: cache flag unavailable".to_owned());
    }
    nocache
        .details
        .insert("cache_flag".to_owned(), json!(cache_flag));
    rows.push(nocache);
    // The history too: with the cache, pages that walks have already read are served again.
    let long_history = LongHistory {
        indicator: catalogue.indicator(data::HISTORY_ACTION)?,
        history: &history,
        settings: settings(HISTORY_CONNECTIONS),
    };
    rows.extend(measure_history(&mut server, &api, &long_history, "-nocache").await?);
    server.stop().await;

    // A restart on the loaded file: start time and idle memory, then everything else.
    let mut server = start(&database_url, &[], &folder, "restart").await?;
    let api = Graphql::new(&server.base)?;
    let graphql_url = server.url("/graphql");
    let mut startup = Row::named("startup");
    startup.p50_ms = Some(server.startup.as_secs_f64() * 1000.0);
    startup.details.insert(
        "start_to_first_answer_ms".to_owned(),
        json!(server.startup.as_secs_f64() * 1000.0),
    );
    startup.notes.push(format!(
        "spawn to first /health 200 on the existing file ({} values); the p50 column is that time",
        report::thousands(history.values as f64)
    ));
    let mut idle = Row::named("idle");
    idle.rss_mb = Some(server.idle_rss_mb);
    idle.notes
        .push("RSS right after the first /health 200".to_owned());

    rows.push(
        measure(
            "region",
            &mut server,
            &api,
            scenarios::RegionPage {
                url: graphql_url.clone(),
                regions: catalogue.regions.clone(),
            },
            settings(READ_CONNECTIONS),
        )
        .await?,
    );
    let (mixed, mixed_verdict) = mixed::run(
        &mut server,
        &api,
        &token,
        &catalogue,
        settings(READ_CONNECTIONS),
    )
    .await?;
    rows.push(mixed);
    rows.extend(measure_history(&mut server, &api, &long_history, "").await?);

    // Writes go to action 1's indicator, away from the long history.
    let next_write = Arc::new(AtomicU64::new(0));
    let write_indicator = catalogue.indicator(1)?;
    for (name, batch, connections) in [
        ("writes-single", 1, SINGLE_WRITERS),
        ("writes-batch", BATCH, BATCH_WRITERS),
    ] {
        let mut row = measure(
            name,
            &mut server,
            &api,
            scenarios::Writes {
                url: graphql_url.clone(),
                token: token.clone(),
                indicator: write_indicator.clone(),
                batch,
                next: Arc::clone(&next_write),
            },
            settings(connections),
        )
        .await?;
        row.throughput_unit = "values/s";
        row.throughput = row.details.get("units_per_second").and_then(|v| v.as_f64());
        rows.push(row);
    }

    let (fanout_rows, fanout_ok) =
        run_fanouts(&mut server, &api, &token, &catalogue, mode, subscribers).await?;

    // The open-data doors, after the fan-out so that its memory figure does not hold what an
    // import of 100,000 rows leaves in the allocator: a spreadsheet in (to action 1's
    // indicator, on days of its own), the long history out.
    rows.push(open_data::csv_import(&server, &api, &token, 1, mode.open_data).await?);
    rows.push(
        open_data::export(
            &server,
            &api,
            &long_history.indicator,
            mode.open_data.rounds,
        )
        .await?,
    );
    server.check_alive()?;

    server.stop().await;

    rows.extend(fanout_rows);
    rows.push(idle);
    rows.push(startup);
    let settings_json = json!({
        "history_values": history.values,
        "history_current_values": history.current,
        "warmup_s": mode.warmup.as_secs_f64(),
        "duration_s": mode.duration.as_secs_f64(),
        "subscribers": subscribers,
        "fanout_events": mode.events,
        "cache_flag": cache_flag,
        "cpus": std::thread::available_parallelism().map(usize::from).unwrap_or(0),
    });
    let mut ok = report_rows(mode, settings_json, &mut rows, &notes, ceiling_rps)? && fanout_ok;
    for failure in mixed_verdict.failures(mode.name == FULL.name) {
        eprintln!("load: {failure}");
        ok = false;
    }
    Ok(ok)
}

/// `--only fanout`: the two fan-out scenarios on a server started on `database_url`, which
/// holds no long history; reports them as a full run does.
async fn run_fanout_only(
    mode: Mode,
    subscribers: usize,
    database_url: &str,
    token: &str,
    folder: &Path,
    notes: Vec<String>,
) -> anyhow::Result<bool> {
    let mut server = start(database_url, &[], folder, "fanout").await?;
    let api = Graphql::new(&server.base)?;
    let catalogue = data::Catalogue::read(&api).await?;
    let (mut rows, fanout_ok) =
        run_fanouts(&mut server, &api, token, &catalogue, mode, subscribers).await?;
    server.check_alive()?;
    server.stop().await;
    let settings_json = json!({
        "only": "fanout",
        "subscribers": subscribers,
        "fanout_events": mode.events,
        "cpus": std::thread::available_parallelism().map(usize::from).unwrap_or(0),
    });
    Ok(report_rows(mode, settings_json, &mut rows, &notes, 0.0)? && fanout_ok)
}

/// `fanout` (paced) then `fanout-burst` (back to back) on `server`, each with subscribers of
/// its own, to action 2's indicator; their rows, and whether (in full mode) neither lost nor
/// repeated an event.
async fn run_fanouts(
    server: &mut ServerProcess,
    api: &Graphql,
    token: &str,
    catalogue: &data::Catalogue,
    mode: Mode,
    subscribers: usize,
) -> anyhow::Result<(Vec<Row>, bool)> {
    let indicator = catalogue.indicator(2)?;
    let mut rows = Vec::new();
    let mut ok = true;
    for (index, (name, pace)) in [("fanout", Some(FANOUT_PACE)), ("fanout-burst", None)]
        .into_iter()
        .enumerate()
    {
        println!(
            "{name}: connecting {} subscribers…",
            report::thousands(subscribers as f64)
        );
        let settings = fanout::Settings {
            subscribers,
            events: mode.events,
            pace,
            first_day: u64::try_from(index * mode.events)?,
            connect_batch: CONNECT_BATCH,
            delivery_timeout: mode.delivery_timeout,
        };
        let outcome = fanout::run(&*server, api, token, &indicator, settings).await?;
        server.check_alive()?;
        let row = fanout_row(name, &outcome, settings, subscribers);
        println!("{}", row.progress_line());
        if mode.name == FULL.name && (outcome.lost > 0 || outcome.repeated > 0) {
            eprintln!(
                "load: {name} lost {} and repeated {} events",
                outcome.lost, outcome.repeated
            );
            ok = false;
        }
        rows.push(row);
    }
    Ok((rows, ok))
}

/// Adds the targets to `rows`, prints their table and notes, writes the summary; whether
/// every scenario got answers.
fn report_rows(
    mode: Mode,
    settings_json: serde_json::Value,
    rows: &mut [Row],
    notes: &[String],
    ceiling_rps: f64,
) -> anyhow::Result<bool> {
    for row in rows.iter_mut() {
        if row.scenario != "ceiling" && ceiling_rps > 0.0 {
            row.ratio_to_ceiling = row.requests_per_second.map(|rps| rps / ceiling_rps);
        }
        add_targets(row);
    }
    println!();
    print!("{}", report::table(rows));
    for row in rows.iter() {
        for note in &row.notes {
            println!("- {}: {note}", row.scenario);
        }
    }
    for note in notes {
        println!("- {note}");
    }
    let path = report::write_summary(mode.name, settings_json, rows, notes)?;
    println!("\nsummary: {}", path.display());
    let mut ok = true;
    for row in rows.iter() {
        if row.requests == Some(0) {
            eprintln!("load: {} got no answer without error", row.scenario);
            ok = false;
        }
    }
    Ok(ok)
}

/// Raises this process's open-file limit (which the server inherits) as far as allowed, and
/// returns how many subscribers fit under it: `wanted`, or fewer, with a note saying so.
fn subscribers_within_file_limit(wanted: usize, notes: &mut Vec<String>) -> usize {
    let needed = wanted as u64 + SPARE_FILES;
    let limit = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(error) => {
            let limit = rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(0, |(soft, _)| soft);
            notes.push(format!(
                "cannot raise the open-file limit ({error}); it is {limit}"
            ));
            limit
        }
    };
    println!("open-file limit: {limit}");
    if limit >= needed {
        return wanted;
    }
    let fitting = usize::try_from(limit.saturating_sub(SPARE_FILES))
        .unwrap_or(0)
        .max(1);
    let note = format!(
        "the open-file limit is {limit}, under the {needed} needed: the fan-out uses {fitting} \
         subscribers instead of {wanted}"
    );
    println!("{note}");
    notes.push(note);
    fitting
}

/// Starts a server on `database_url` with `flags`, logging to `FOLDER/server-LABEL.log`.
async fn start(
    database_url: &str,
    flags: &[&str],
    folder: &Path,
    label: &str,
) -> anyhow::Result<ServerProcess> {
    let log = folder.join(format!("server-{label}.log"));
    let server = ServerProcess::start(database_url, flags, &log).await?;
    println!(
        "server ({label}{}) answers {:.0} ms after spawn, RSS {:.1} MB",
        if flags.is_empty() {
            String::new()
        } else {
            format!(", {}", flags.join(" "))
        },
        server.startup.as_secs_f64() * 1000.0,
        server.idle_rss_mb
    );
    Ok(server)
}

/// What the history scenarios read, and how.
struct LongHistory<'a> {
    /// The global id of the indicator holding it.
    indicator: String,
    history: &'a data::History,
    settings: Settings,
}

/// `history-page` and `history-series` (their names ending in `suffix`) on `server`.
async fn measure_history(
    server: &mut ServerProcess,
    api: &Graphql,
    long_history: &LongHistory<'_>,
    suffix: &str,
) -> anyhow::Result<[Row; 2]> {
    let LongHistory {
        indicator,
        history,
        settings,
    } = long_history;
    let settings = *settings;
    let url = server.url("/graphql");
    let mut page = measure(
        &format!("history-page{suffix}"),
        server,
        api,
        scenarios::HistoryPage {
            url: url.clone(),
            indicator: indicator.to_owned(),
        },
        settings,
    )
    .await?;
    page.notes.push(format!(
        "pages of 100 of {} current values per region, walked with cursors",
        report::thousands((history.current / data::REGIONS) as f64)
    ));
    let series = measure(
        &format!("history-series{suffix}"),
        server,
        api,
        scenarios::HistorySeries {
            url,
            indicator: indicator.to_owned(),
        },
        settings,
    )
    .await?;
    Ok([page, series])
}

/// Runs one HTTP scenario and makes its row.
async fn measure<W: Workload>(
    name: &str,
    server: &mut ServerProcess,
    api: &Graphql,
    workload: W,
    settings: Settings,
) -> anyhow::Result<Row> {
    let before = api.statements().await?;
    let measured = http_load::run(Arc::new(workload), settings, server.pid()).await?;
    let after = api.statements().await?;
    server.check_alive()?;
    let mut row = Row::named(name);
    row.connections = Some(settings.connections);
    row.requests = Some(measured.requests);
    row.errors = measured.errors;
    row.throughput = Some(measured.requests_per_second());
    row.throughput_unit = "req/s";
    row.requests_per_second = Some(measured.requests_per_second());
    row.p50_ms = measured.latencies.quantile_ms(0.50);
    row.p99_ms = measured.latencies.quantile_ms(0.99);
    row.max_ms = measured.latencies.max_ms();
    row.statements_per_request = (measured.all_requests > 0)
        .then(|| after.saturating_sub(before) as f64 / measured.all_requests as f64);
    row.rss_mb = Some(measured.peak_rss_mb);
    row.details.insert(
        "units_per_second".to_owned(),
        json!(measured.units_per_second()),
    );
    row.details.insert(
        "requests_with_warmup".to_owned(),
        json!(measured.all_requests),
    );
    if let Some(error) = &measured.first_error {
        row.notes.push(format!(
            "{} errors; the first: {error}",
            report::thousands(measured.errors as f64)
        ));
    }
    println!("{}", row.progress_line());
    Ok(row)
}

/// The fan-out's row: deliveries per second as throughput, delivery latency as p50/p99.
fn fanout_row(
    name: &str,
    fanout: &fanout::Outcome,
    settings: fanout::Settings,
    wanted: usize,
) -> Row {
    let mut row = Row::named(name);
    row.connections = Some(fanout.subscribers);
    row.throughput = Some(fanout.deliveries_per_second);
    row.throughput_unit = "deliveries/s";
    row.p50_ms = fanout.p50_ms;
    row.p99_ms = fanout.p99_ms;
    row.max_ms = fanout.max_ms;
    row.rss_mb = Some(fanout.rss_connected_mb.max(fanout.rss_after_mb));
    row.errors = fanout.subscriber_errors + fanout.connect_failures as u64 + fanout.mutation_errors;
    let details = [
        ("subscribers", json!(fanout.subscribers)),
        ("subscribers_wanted", json!(wanted)),
        ("events", json!(settings.events)),
        (
            "pace_ms",
            json!(settings.pace.map(|pace| pace.as_secs_f64() * 1000.0)),
        ),
        ("connect_failures", json!(fanout.connect_failures)),
        ("connect_s", json!(fanout.connect_time.as_secs_f64())),
        ("active_subscriptions", json!(fanout.active_subscriptions)),
        ("lost", json!(fanout.lost)),
        ("repeated", json!(fanout.repeated)),
        ("max_ms", json!(fanout.max_ms)),
        ("mutation_p50_ms", json!(fanout.mutation_p50_ms)),
        ("rss_connected_mb", json!(fanout.rss_connected_mb)),
        ("rss_after_delivery_mb", json!(fanout.rss_after_mb)),
        ("subscriber_errors", json!(fanout.subscriber_errors)),
        ("mutation_errors", json!(fanout.mutation_errors)),
    ];
    for (key, value) in details {
        row.details.insert(key.to_owned(), value);
    }
    row.notes.push(format!(
        "{} subscribers connected in {:.1} s; {} values recorded one at a time, {} (mutation p50 {} ms); \
         latency from each mutation's HTTP response to each receipt (negative: before it): \
         max {} ms; lost {}, repeated {}; RSS {:.1} MB connected, {:.1} MB after delivery",
        report::thousands(fanout.subscribers as f64),
        fanout.connect_time.as_secs_f64(),
        settings.events,
        settings.pace.map_or("back to back".to_owned(), |pace| format!("one every {} ms", pace.as_millis())),
        fanout
            .mutation_p50_ms
            .map_or("-".to_owned(), |ms| format!("{ms:.2}")),
        fanout.max_ms.map_or("-".to_owned(), |ms| format!("{ms:.1}")),
        fanout.lost,
        fanout.repeated,
        fanout.rss_connected_mb,
        fanout.rss_after_mb,
    ));
    if let Some(error) = &fanout.first_connect_error {
        row.notes.push(format!(
            "{} subscribers could not connect; the first: {error}",
            fanout.connect_failures
        ));
    }
    if let Some(error) = &fanout.first_mutation_error {
        row.notes.push(format!(
            "{} of the {} mutations failed; the first: {error}",
            fanout.mutation_errors, settings.events
        ));
    }
    if let Some(error) = &fanout.first_subscriber_error {
        row.notes
            .push(format!("subscribers saw errors; the first: {error}"));
    }
    row
}

/// The targets for `row`'s scenario.
fn add_targets(row: &mut Row) {
    let details = row.details.clone();
    let detail = |key: &str| details.get(key).and_then(serde_json::Value::as_f64);
    match row.scenario.as_str() {
        "dashboard" => {
            row.target(
                "ratio_to_ceiling",
                "≥ 50% of ceiling",
                Bound::AtLeast(0.5),
                row.ratio_to_ceiling,
            );
            row.target("p99_ms", "p99 ≤ 10 ms", Bound::AtMost(10.0), row.p99_ms);
            row.target(
                "statements_per_request",
                "≤ 8 SQL/req",
                Bound::AtMost(8.0),
                row.statements_per_request,
            );
        }
        mixed::NAME => {
            row.target(
                "ratio_to_ceiling",
                "≥ 25% of ceiling",
                Bound::AtLeast(0.25),
                row.ratio_to_ceiling,
            );
            row.target("p99_ms", "p99 ≤ 25 ms", Bound::AtMost(25.0), row.p99_ms);
            row.target("stale", "0 stale", Bound::AtMost(0.0), detail("stale"));
        }
        "dashboard-nocache" => {
            row.target(
                "ratio_to_ceiling",
                "≥ 5% of ceiling",
                Bound::AtLeast(0.05),
                row.ratio_to_ceiling,
            );
        }
        "history-page" => {
            row.target("p99_ms", "p99 ≤ 5 ms", Bound::AtMost(5.0), row.p99_ms);
        }
        "history-page-nocache" => {
            row.target("p99_ms", "p99 ≤ 10 ms", Bound::AtMost(10.0), row.p99_ms);
        }
        "history-series" | "history-series-nocache" => {
            row.target("p99_ms", "p99 ≤ 20 ms", Bound::AtMost(20.0), row.p99_ms);
        }
        "writes-batch" => {
            row.target(
                "throughput",
                "≥ 2,000 values/s",
                Bound::AtLeast(2000.0),
                row.throughput,
            );
        }
        "csv-import" => {
            row.target(
                "throughput",
                "≥ 5,000 values/s",
                Bound::AtLeast(5000.0),
                row.throughput,
            );
        }
        "export" => {
            row.target(
                "first_byte_ms",
                "first byte ≤ 100 ms",
                Bound::AtMost(100.0),
                detail("first_byte_ms"),
            );
            row.target(
                "rss_growth_mb",
                "RSS growth < 20 MB",
                Bound::AtMost(20.0),
                detail("rss_growth_mb"),
            );
        }
        "fanout" | "fanout-burst" => {
            row.target("p99_ms", "p99 ≤ 150 ms", Bound::AtMost(150.0), row.p99_ms);
            row.target(
                "mutation_p50_ms",
                "mutation p50 ≤ 20 ms",
                Bound::AtMost(20.0),
                detail("mutation_p50_ms"),
            );
            row.target("lost", "0 lost", Bound::AtMost(0.0), detail("lost"));
            row.target(
                "repeated",
                "0 repeated",
                Bound::AtMost(0.0),
                detail("repeated"),
            );
            row.target("rss_mb", "RSS ≤ 200 MB", Bound::AtMost(200.0), row.rss_mb);
        }
        "idle" => row.target("rss_mb", "RSS ≤ 50 MB", Bound::AtMost(50.0), row.rss_mb),
        "startup" => row.target(
            "start_to_first_answer_ms",
            "≤ 1 s",
            Bound::AtMost(1000.0),
            detail("start_to_first_answer_ms"),
        ),
        _ => {}
    }
}

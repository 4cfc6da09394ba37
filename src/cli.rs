//! The command line: `serve`, `migrate`, `schema`, `token`, `backup`, `import`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use poem::Server;
use poem::listener::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::{DatabaseArgs, LogFormat, ServeArgs};
use crate::service::{token, vocabulary::Role};
use crate::state::AppState;
use crate::{backup, graphql, http, import};

/// territoires: Investissement Québec's 2018-2020 action plan for the occupation and vitality
/// of territories, served as a GraphQL graph.
#[derive(Parser, Debug)]
#[command(name = "territoires", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// How log lines are written to stderr.
    #[arg(long, env = "TERRITOIRES_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the server: migrate, load the shipped plan if needed, then listen.
    Serve(ServeArgs),
    /// Run pending migrations and load the shipped plan if needed, then exit.
    Migrate,
    /// Print the GraphQL schema (SDL); `schema.graphql` is exactly this output.
    Schema,
    /// Manage API tokens (writes need a token of role editor or admin).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copy the SQLite database, consistently even while a server writes to it, into FILE,
    /// which must not exist. On PostgreSQL, use pg_dump instead.
    Backup {
        /// The new file to write the copy to.
        file: PathBuf,
    },
    /// Load another plan from FILE, a data file in the shipped plan's format. A bad file is
    /// refused whole, naming the line and field; a plan loaded from the same file is left as
    /// it is; another file under a loaded plan's slug is refused (a new version takes a new
    /// slug). A running server sees the new plan at its next read.
    Import {
        /// The plan data file (TOML).
        file: PathBuf,
    },
    /// Record indicator values from a spreadsheet (see the README, "Values from a spreadsheet").
    #[command(subcommand)]
    Values(ValuesCommand),
}

/// What to do with values.
#[derive(Subcommand, Debug)]
pub enum ValuesCommand {
    /// Record every value of a CSV file, all or nothing; print the counts as JSON.
    Import {
        /// The CSV file (`;` or `,`, UTF-8).
        file: PathBuf,
        /// Check everything and record nothing.
        #[arg(long)]
        dry_run: bool,
        /// The token recorded as the values' recorder; created with role editor if absent.
        #[arg(long, default_value = "cli")]
        recorder: String,
    },
}

/// What to do with tokens.
#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token and print its secret, alone on one line. It is shown only this once:
    /// only its SHA-256 is stored.
    Create {
        /// reader, editor or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A unique name, to list and revoke it by.
        #[arg(long)]
        name: String,
    },
    /// List tokens: name, role, created, revoked. Secrets are never shown.
    List,
    /// Revoke a token; requests with it are refused from then on.
    Revoke {
        /// The token's name.
        name: String,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("{text:?} is not a role: use reader, editor or admin"))
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(execute(cli))
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database, &args).await,
        Command::Migrate => {
            AppState::open(&cli.database).await?;
            tracing::info!("database is migrated and holds the shipped plan");
            Ok(())
        }
        Command::Schema => {
            print!("{}", graphql::schema::sdl());
            Ok(())
        }
        Command::Token(command) => manage_tokens(&cli.database, command).await,
        Command::Values(ValuesCommand::Import {
            file,
            dry_run,
            recorder,
        }) => crate::values_cli::import(&cli.database, &file, dry_run, &recorder).await,
        Command::Backup { file } => {
            let copy = backup::backup(&cli.database, &file).await?;
            eprintln!("backed up the database into {}", copy.display());
            Ok(())
        }
        Command::Import { file } => {
            eprintln!("{}", import::import(&cli.database, &file).await?);
            Ok(())
        }
    }
}

async fn manage_tokens(database: &DatabaseArgs, command: TokenCommand) -> anyhow::Result<()> {
    let state = AppState::open(database).await?;
    match command {
        TokenCommand::Create { role, name } => {
            let secret = token::create(&state.db, &name, role).await?;
            println!("{secret}");
        }
        TokenCommand::List => {
            println!("{:<24} {:<7} {:<25} revoked", "name", "role", "created");
            for token in token::list(&state.db).await? {
                let revoked = token
                    .revoked_at
                    .map_or_else(|| "-".to_owned(), |at| at.to_rfc3339());
                println!(
                    "{:<24} {:<7} {:<25} {revoked}",
                    token.name,
                    token.role,
                    token.created_at.to_rfc3339()
                );
            }
        }
        TokenCommand::Revoke { name } => {
            token::revoke(&state.db, &name).await?;
            eprintln!("token {name:?} is revoked");
        }
    }
    Ok(())
}

async fn serve(database: &DatabaseArgs, args: &ServeArgs) -> anyhow::Result<()> {
    let state = AppState::open(database).await?;
    tracing::info!(addr = %args.addr, "listening; GraphiQL at http://{}/graphiql", args.addr);
    Server::new(TcpListener::bind(args.addr))
        .run_with_graceful_shutdown(
            http::app(&state, &args.limits, &args.http),
            async {
                shutdown_signal().await;
                state.shutdown.begin();
            },
            Some(GRACE_PERIOD),
        )
        .await
        .with_context(|| format!("cannot serve on {}", args.addr))?;
    // Poem waits for HTTP connections only: upgraded WebSockets run on their own, and would be
    // cut, their close frames unsent, when the runtime stops. They close as soon as the
    // shutdown is announced; wait for them within the same grace period.
    let began = state
        .shutdown
        .began_at()
        .unwrap_or_else(std::time::Instant::now);
    let deadline = tokio::time::Instant::from_std(began + GRACE_PERIOD);
    if tokio::time::timeout_at(deadline, state.shutdown.drained())
        .await
        .is_err()
    {
        tracing::warn!("WebSockets still open at the end of the grace period are cut");
    }
    Ok(())
}

/// How long in-flight requests and WebSockets have to finish once a shutdown begins.
const GRACE_PERIOD: std::time::Duration = std::time::Duration::from_secs(15);

/// Resolves on Ctrl-C or SIGTERM, so that in-flight requests can finish.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

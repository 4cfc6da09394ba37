//! `territoires values import FILE.csv [--dry-run]`: the same import as `POST /values.csv`
//! ([`spreadsheet::import`]), recorded by a token named on the command line.

use std::path::Path;

use anyhow::Context;
use chrono::Utc;

use crate::config::{DatabaseArgs, Limits};
use crate::graphql::global_id::indicator_key;
use crate::service::value::spreadsheet::{self, Outcome};
use crate::state::AppState;

/// Imports `file` as `recorder`; prints the counts as JSON on stdout, or every error on
/// stderr and fails.
pub async fn import(
    database: &DatabaseArgs,
    file: &Path,
    dry_run: bool,
    recorder: &str,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let state = AppState::open(database).await?;
    let token = spreadsheet::command_line_recorder(&state.db, recorder).await?;
    let limits = Limits::default();
    let outcome = spreadsheet::import(
        &state.writer,
        &token,
        &bytes,
        indicator_key,
        dry_run,
        limits.max_csv_errors,
        Utc::now().date_naive(),
    )
    .await?;
    match outcome {
        Outcome::Imported(imported) => {
            println!("{}", serde_json::to_string(&imported)?);
            Ok(())
        }
        Outcome::Refused { errors, more } => {
            for error in &errors {
                eprintln!(
                    "line {}, column {:?}: {}",
                    error.line, error.column, error.message
                );
            }
            if more > 0 {
                eprintln!("{more} more errors are not listed");
            }
            anyhow::bail!("{}: nothing was recorded", file.display())
        }
    }
}

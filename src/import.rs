//! `territoires import FILE`: loads another plan from a data file in the shipped plan's format.
//!
//! The file is read and checked whole before anything is written; the load is one write of
//! the write side, so a running server (every replica, on PostgreSQL) sees the new plan at its
//! next read. An error names the file, the line and the field.

use std::path::Path;

use anyhow::{Context, bail};

use crate::config::DatabaseArgs;
use crate::error::Error;
use crate::plan_data::{self, FileError};
use crate::seed::{self, Imported};
use crate::state::AppState;

/// Imports the plan of `file`; returns what to tell the user.
pub async fn import(database: &DatabaseArgs, file: &Path) -> anyhow::Result<String> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {name}"))?;
    let data = match plan_data::parse(&text) {
        Ok(data) => data,
        Err(error) => bail!("{}", error.in_file(&name)),
    };
    let state = AppState::open(database).await?;
    let imported = state
        .writer
        .write(async |txn| seed::import(txn, &data, &text).await)
        .await;
    let slug = &data.plan.slug;
    match imported {
        Ok(Imported::Loaded) => Ok(format!("loaded the plan {slug:?} from {name}")),
        Ok(Imported::AlreadyLoaded) => Ok(format!(
            "the plan {slug:?} is already loaded from this same file: nothing changed"
        )),
        Err(Error::BadInput(error)) => {
            bail!("{}", FileError::of_field(&text, &error).in_file(&name))
        }
        Err(error) => Err(error).context("cannot load the plan"),
    }
}

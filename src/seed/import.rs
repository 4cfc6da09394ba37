//! `territoires import FILE`: another plan, loaded through the write side.
//!
//! A plan, once loaded, is a published document: importing its file again changes nothing,
//! and a file of other content under the same slug is refused (a new version takes a new
//! slug). The file's SHA-256, stored with the plan, tells the two apart.

use sea_orm::ConnectionTrait;

use crate::error::{Error, Result};
use crate::plan_data::PlanData;
use crate::service;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// The plan is now loaded.
    Loaded,
    /// The plan was loaded already from the same file: nothing changed.
    AlreadyLoaded,
}

/// Loads `data`, read from the file `source`, in `txn` (the write side's transaction).
pub async fn import(txn: &impl ConnectionTrait, data: &PlanData, source: &str) -> Result<Imported> {
    let Some(stored) = service::plan::by_slug(txn, &data.plan.slug).await? else {
        super::insert(txn, data, source).await?;
        return Ok(Imported::Loaded);
    };
    if stored.source_sha256.as_deref() == Some(service::token::hash(source).as_str()) {
        return Ok(Imported::AlreadyLoaded);
    }
    Err(Error::BadInput(format!(
        "plan.slug: a plan {:?} is loaded with other content, and a loaded plan is a published \
         document that does not change; allowed: a slug no plan has, for a new version",
        data.plan.slug
    )))
}

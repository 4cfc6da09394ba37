//! API tokens: created with a random secret shown once, stored as its SHA-256, revoked by name;
//! read back by id as the recorder of a value.

use std::collections::HashMap;

use chrono::Utc;
use entity::api_token;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, QueryOrder,
    Set,
};
use sha2::{Digest, Sha256};

use super::owned::by_keys;
use super::vocabulary::Role;
use crate::error::{Error, Result};

/// Every secret starts with this, so that a leaked one is easy to recognise and search for.
pub const SECRET_PREFIX: &str = "terr_";

/// Random bytes in a secret: 256 bits.
const SECRET_BYTES: usize = 32;

/// A token that authenticated a request.
#[derive(Clone, Debug)]
pub struct Token {
    pub id: i32,
    pub name: String,
    pub role: Role,
}

/// Creates a token named `name` with `role` and returns its secret, which is not stored.
pub async fn create(db: &impl ConnectionTrait, name: &str, role: Role) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(Error::BadInput(
            "a token name has 1 to 100 characters".to_owned(),
        ));
    }
    if api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .one(db)
        .await?
        .is_some()
    {
        return Err(Error::BadInput(format!(
            "a token named {name:?} exists already"
        )));
    }
    let mut random = [0_u8; SECRET_BYTES];
    getrandom::fill(&mut random).map_err(|error| {
        Error::BadInput(format!("the system has no randomness to offer: {error}"))
    })?;
    let secret = format!("{SECRET_PREFIX}{}", hex::encode(random));
    api_token::ActiveModel {
        id: NotSet,
        name: Set(name.to_owned()),
        role: Set(role.as_str().to_owned()),
        secret_hash: Set(hash(&secret)),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// Every token, oldest first. Secrets are not stored, so none can be shown.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// The token named `name`, live or revoked, if any.
pub async fn named(db: &impl ConnectionTrait, name: &str) -> Result<Option<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .one(db)
        .await?)
}

/// Tokens by id, live or revoked: a revoked token still names who recorded a value.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, api_token::Model>> {
    by_keys::<api_token::Entity, _>(db, api_token::Column::Id, ids, |token| token.id).await
}

/// Revokes the token named `name`; it is refused from the next request on.
pub async fn revoke(db: &impl ConnectionTrait, name: &str) -> Result<()> {
    let token = named(db, name)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no token is named {name:?}")))?;
    if token.revoked_at.is_none() {
        api_token::ActiveModel {
            id: Set(token.id),
            revoked_at: Set(Some(Utc::now())),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(())
}

/// The live token whose secret is `secret`, if any (unknown and revoked tokens give `None`).
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str) -> Result<Option<Token>> {
    let secret_hash = hash(secret);
    let mut live = live_by_secret_hashes(db, std::slice::from_ref(&secret_hash)).await?;
    Ok(live.remove(&secret_hash))
}

/// The live tokens whose secrets hash to `hashes`, by hash, in one statement: the callers of
/// a level of resolvers (or of the subscribers of one event) are authenticated together.
/// Unknown and revoked tokens are absent.
pub async fn live_by_secret_hashes(
    db: &impl ConnectionTrait,
    hashes: &[String],
) -> Result<HashMap<String, Token>> {
    let stored = api_token::Entity::find()
        .filter(api_token::Column::SecretHash.is_in(hashes.iter().map(String::as_str)))
        .filter(api_token::Column::RevokedAt.is_null())
        .all(db)
        .await?;
    Ok(stored
        .into_iter()
        .filter_map(|token| {
            let live = Token {
                id: token.id,
                role: Role::parse(&token.role)?,
                name: token.name,
            };
            Some((token.secret_hash, live))
        })
        .collect())
}

/// Lower-case hex SHA-256 of `text`.
pub fn hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

//! Who is calling: the bearer token sent with the request (HTTP `Authorization` header, or
//! `Authorization` in a WebSocket's `connection_init` payload). Reads need none; writes need a
//! live token of role editor or admin, checked on every write so a revocation applies at once.

use async_graphql::{Context, Result};
use sea_orm::DatabaseConnection;

use super::error::{code, coded};
use crate::service::token::{self, Token};

/// The `Authorization` value the client sent, if any.
#[derive(Clone, Debug, Default)]
pub struct Credentials(pub Option<String>);

impl Credentials {
    /// Credentials from a WebSocket `connection_init` payload: `{"Authorization": "Bearer …"}`.
    pub fn from_init_payload(payload: &serde_json::Value) -> Self {
        let value = ["Authorization", "authorization"]
            .iter()
            .find_map(|key| payload.get(key).and_then(serde_json::Value::as_str));
        Self(value.map(str::to_owned))
    }
}

/// The calling token, if it may record values; otherwise `UNAUTHENTICATED` or `FORBIDDEN`.
pub async fn require_writer(ctx: &Context<'_>) -> Result<Token> {
    let header = ctx
        .data_opt::<Credentials>()
        .and_then(|credentials| credentials.0.as_deref())
        .ok_or_else(|| {
            unauthenticated(
                "recording values needs a token: send `Authorization: Bearer <token>` with a token of role editor or admin",
            )
        })?;
    // The scheme is case-insensitive in HTTP: "bearer" is as good as "Bearer".
    let secret = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim())
        .filter(|secret| !secret.is_empty())
        .ok_or_else(|| unauthenticated("the Authorization value must be `Bearer <token>`"))?;
    let db = ctx.data_unchecked::<DatabaseConnection>();
    let token = token::authenticate(db, secret)
        .await?
        .ok_or_else(|| unauthenticated("the token is unknown or has been revoked"))?;
    if !token.role.may_write() {
        return Err(coded(
            format!(
                "token {:?} has role {}; recording values needs role editor or admin",
                token.name,
                token.role.as_str()
            ),
            code::FORBIDDEN,
        ));
    }
    Ok(token)
}

fn unauthenticated(message: &str) -> async_graphql::Error {
    coded(message, code::UNAUTHENTICATED)
}

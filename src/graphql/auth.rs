//! Who is calling: the bearer token sent with the request (HTTP `Authorization` header, or
//! `Authorization` in a WebSocket's `connection_init` payload). Reads need none; writes need a
//! live token of role editor or admin, and who recorded what is an admin's to read.
//!
//! The token is looked up every time it matters, so a revocation applies at once: at each
//! request, and over a WebSocket at each event. The lookups go through a loader, so the
//! hundred `recordedBy` of a page (or the subscribers of one event) cost one statement.

use async_graphql::{Context, Result};

use super::error::{code, coded};
use super::loader::{LiveTokenBySecretHash, load_one};
use crate::service::token::{self, Token};
use crate::service::vocabulary::Role;

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

/// What the caller sent, as far as it goes.
enum Caller {
    /// No `Authorization` at all.
    Anonymous,
    /// An `Authorization` value that is not `Bearer <token>`.
    Malformed,
    /// A bearer token that is unknown or revoked.
    Unknown,
    /// A live token.
    Token(Token),
}

/// Who the caller is, read from its credentials and, when it sent a token, the database.
async fn caller(ctx: &Context<'_>) -> Result<Caller> {
    let Some(header) = ctx
        .data_opt::<Credentials>()
        .and_then(|credentials| credentials.0.as_deref())
    else {
        return Ok(Caller::Anonymous);
    };
    // The scheme is case-insensitive in HTTP: "bearer" is as good as "Bearer".
    let Some(secret) = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim())
        .filter(|secret| !secret.is_empty())
    else {
        return Ok(Caller::Malformed);
    };
    Ok(
        match load_one::<LiveTokenBySecretHash, _>(ctx, token::hash(secret)).await? {
            Some(token) => Caller::Token(token),
            None => Caller::Unknown,
        },
    )
}

/// The calling token, if it may record values; otherwise `UNAUTHENTICATED` or `FORBIDDEN`.
pub async fn require_writer(ctx: &Context<'_>) -> Result<Token> {
    require(ctx, Role::may_write, "recording values", "editor or admin").await
}

/// The calling token, if it may read who recorded what; otherwise `UNAUTHENTICATED` or
/// `FORBIDDEN`.
pub async fn require_admin(ctx: &Context<'_>) -> Result<Token> {
    require(ctx, Role::may_audit, "the history of recordings", "admin").await
}

/// Whether the caller is a live token that may read who recorded what. Anything else (no
/// token, a malformed or revoked one, a reader's or an editor's) is simply not: fields that
/// only admins see answer null to them rather than fail.
pub async fn may_audit(ctx: &Context<'_>) -> Result<bool> {
    Ok(matches!(caller(ctx).await?, Caller::Token(token) if token.role.may_audit()))
}

/// The calling token, if its role `may` do what `doing` names (roles `allowed`).
async fn require(
    ctx: &Context<'_>,
    may: fn(Role) -> bool,
    doing: &str,
    allowed: &str,
) -> Result<Token> {
    let token = match caller(ctx).await? {
        Caller::Anonymous => {
            return Err(unauthenticated(format!(
                "{doing} needs a token: send `Authorization: Bearer <token>` with a token of role {allowed}"
            )));
        }
        Caller::Malformed => {
            return Err(unauthenticated(
                "the Authorization value must be `Bearer <token>`",
            ));
        }
        Caller::Unknown => {
            return Err(unauthenticated("the token is unknown or has been revoked"));
        }
        Caller::Token(token) => token,
    };
    if !may(token.role) {
        return Err(coded(
            format!(
                "token {:?} has role {}; {doing} needs role {allowed}",
                token.name,
                token.role.as_str()
            ),
            code::FORBIDDEN,
        ));
    }
    Ok(token)
}

fn unauthenticated(message: impl Into<String>) -> async_graphql::Error {
    coded(message, code::UNAUTHENTICATED)
}

//! Who is calling: the bearer token sent with the request (HTTP `Authorization` header, or
//! `Authorization` in a WebSocket's `connection_init` payload). Reads need none; writes need a
//! live token of role editor or admin, and who recorded what is an admin's to read.
//!
//! The token is looked up every time it matters, so a revocation applies at once: at each
//! request, and over a WebSocket at each event. The lookups go through a loader, so the
//! hundred `recordedBy` of a page (or the subscribers of one event) cost one statement.

use async_graphql::{Context, Result};
use sea_orm::ConnectionTrait;

use super::error::{code, coded};
use super::loader::{LiveTokenBySecretHash, load_one};
use crate::service::token::{self, Token};
use crate::service::vocabulary::Role;

/// What writers do, and the roles that may, in refusals.
const WRITING: &str = "recording values";
const WRITERS: &str = "editor or admin";

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

/// The secret of a `Bearer <token>` value, if it is one. The scheme is case-insensitive in
/// HTTP: "bearer" is as good as "Bearer".
fn bearer_secret(header: &str) -> Option<&str> {
    header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim())
        .filter(|secret| !secret.is_empty())
}

/// Who the caller is, read from its credentials and, when it sent a token, the database.
async fn caller(ctx: &Context<'_>) -> Result<Caller> {
    let header = ctx
        .data_opt::<Credentials>()
        .and_then(|credentials| credentials.0.as_deref());
    let Some(secret) = header.map(bearer_secret) else {
        return Ok(Caller::Anonymous);
    };
    let Some(secret) = secret else {
        return Ok(Caller::Malformed);
    };
    Ok(
        match load_one::<LiveTokenBySecretHash, _>(ctx, token::hash(secret)).await? {
            Some(token) => Caller::Token(token),
            None => Caller::Unknown,
        },
    )
}

/// The token that sent the `Authorization` value `header`, if it may record values; else the
/// refusal, worded as GraphQL words it. For endpoints outside GraphQL (`POST /values.csv`).
pub async fn writer_of_header(
    db: &impl ConnectionTrait,
    header: Option<&str>,
) -> crate::error::Result<std::result::Result<Token, Refusal>> {
    let caller = match header.map(bearer_secret) {
        None => Caller::Anonymous,
        Some(None) => Caller::Malformed,
        Some(Some(secret)) => match token::authenticate(db, secret).await? {
            Some(token) => Caller::Token(token),
            None => Caller::Unknown,
        },
    };
    Ok(admit(caller, Role::may_write, WRITING, WRITERS))
}

/// The calling token, if it may record values; otherwise `UNAUTHENTICATED` or `FORBIDDEN`.
pub async fn require_writer(ctx: &Context<'_>) -> Result<Token> {
    require(ctx, Role::may_write, WRITING, WRITERS).await
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
    admit(caller(ctx).await?, may, doing, allowed)
        .map_err(|refusal| coded(refusal.message, refusal.code))
}

/// Why a caller may not do something: what the client is told, and the code.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub code: &'static str,
}

/// `caller`'s token if its role `may` do what `doing` names (roles `allowed`); otherwise
/// `UNAUTHENTICATED` or `FORBIDDEN`, saying what is needed. One wording for every endpoint.
fn admit(
    caller: Caller,
    may: fn(Role) -> bool,
    doing: &str,
    allowed: &str,
) -> std::result::Result<Token, Refusal> {
    let unauthenticated = |message: String| Refusal {
        message,
        code: code::UNAUTHENTICATED,
    };
    let token = match caller {
        Caller::Anonymous => {
            return Err(unauthenticated(format!(
                "{doing} needs a token: send `Authorization: Bearer <token>` with a token of role {allowed}"
            )));
        }
        Caller::Malformed => {
            return Err(unauthenticated(
                "the Authorization value must be `Bearer <token>`".to_owned(),
            ));
        }
        Caller::Unknown => {
            return Err(unauthenticated(
                "the token is unknown or has been revoked".to_owned(),
            ));
        }
        Caller::Token(token) => token,
    };
    if !may(token.role) {
        return Err(Refusal {
            message: format!(
                "token {:?} has role {}; {doing} needs role {allowed}",
                token.name,
                token.role.as_str()
            ),
            code: code::FORBIDDEN,
        });
    }
    Ok(token)
}

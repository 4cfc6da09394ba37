//! `POST /values.csv`: values from a spreadsheet, for a token of role editor or admin, with
//! `?dryRun=true` to check a file without recording it. The reading, checking and recording
//! are the service's ([`spreadsheet::import`]); this handler only speaks HTTP.

use chrono::Utc;
use poem::http::StatusCode;
use poem::http::header::{AUTHORIZATION, CONTENT_TYPE};
use poem::web::{Data, Query};
use poem::{Body, Request, Response, handler};
use serde::Deserialize;

use crate::config::Limits;
use crate::error::Error;
use crate::graphql::auth;
use crate::graphql::error::{code, row_errors_body};
use crate::graphql::global_id::indicator_key;
use crate::http::json_answer::{internal, json, refused};
use crate::service::token::Token;
use crate::service::value::spreadsheet::{self, Outcome};
use crate::state::AppState;

/// The query string of the request.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    #[serde(default)]
    dry_run: bool,
}

#[handler]
pub async fn post(
    state: Data<&AppState>,
    limits: Data<&Limits>,
    Query(params): Query<Params>,
    request: &Request,
    body: Body,
) -> Response {
    if !is_csv(request) {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a spreadsheet is sent with `Content-Type: text/csv`",
            code::BAD_USER_INPUT,
        );
    }
    let token = match writer_token(&state, request).await {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    let bytes = match body.into_bytes_limit(limits.max_csv_bytes).await {
        Ok(bytes) => bytes,
        Err(poem::error::ReadBodyError::PayloadTooLarge) => {
            let message = format!("the file is larger than {} bytes", limits.max_csv_bytes);
            return refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                &message,
                code::BAD_USER_INPUT,
            );
        }
        Err(_) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "the request body could not be read",
                code::BAD_USER_INPUT,
            );
        }
    };
    let outcome = spreadsheet::import(
        &state.writer,
        &token,
        &bytes,
        indicator_key,
        params.dry_run,
        limits.max_csv_errors,
        Utc::now().date_naive(),
    )
    .await;
    match outcome {
        Ok(Outcome::Imported(imported)) => json(
            StatusCode::OK,
            serde_json::to_string(&imported).unwrap_or_default(),
        ),
        Ok(Outcome::Refused { errors, more }) => {
            json(StatusCode::BAD_REQUEST, row_errors_body(&errors, more))
        }
        Err(Error::BadInput(message) | Error::NotFound(message)) => {
            refused(StatusCode::BAD_REQUEST, message, code::BAD_USER_INPUT)
        }
        Err(error @ Error::Database(_)) => internal(&error, "recording the file"),
    }
}

fn is_csv(request: &Request) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/csv"))
}

/// The caller's token if it may record values; otherwise the 401 or 403 to answer, worded as
/// GraphQL words it (`graphql::auth`).
async fn writer_token(state: &AppState, request: &Request) -> Result<Token, Response> {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    match auth::writer_of_header(&state.db, header).await {
        Ok(Ok(token)) => Ok(token),
        Ok(Err(refusal)) => {
            let status = if refusal.code == code::FORBIDDEN {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            Err(refused(status, &refusal.message, refusal.code))
        }
        Err(error) => Err(internal(&error, "checking the token")),
    }
}

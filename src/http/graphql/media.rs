//! Content negotiation for GraphQL over HTTP: what the client sent and what it accepts.

use poem::Request;
use poem::http::header::{ACCEPT, CONTENT_TYPE};

/// The response media types the server can answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseMedia {
    /// `application/graphql-response+json`: status codes tell request errors (4xx) from
    /// executed operations (2xx).
    GraphqlResponse,
    /// `application/json`: every well-formed request gets 200, for legacy clients.
    Json,
}

impl ResponseMedia {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// The media type to answer `request` with, or `None` when it accepts none the server has.
/// Without an `Accept` header, `application/json`, as legacy clients expect.
pub fn negotiate(request: &Request) -> Option<ResponseMedia> {
    let Some(accept) = request
        .headers()
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok())
    else {
        return Some(ResponseMedia::Json);
    };
    let ranges: Vec<(String, f32)> = accept.split(',').filter_map(media_range).collect();
    let quality = |names: &[&str]| {
        ranges
            .iter()
            .filter(|(name, _)| names.contains(&name.as_str()))
            .map(|(_, quality)| *quality)
            .fold(0.0_f32, f32::max)
    };
    let graphql = quality(&["application/graphql-response+json"]);
    let json = quality(&["application/json"]).max(quality(&["application/*", "*/*"]) * 0.999);
    match (graphql > 0.0, json > 0.0) {
        (false, false) => None,
        _ if graphql >= json => Some(ResponseMedia::GraphqlResponse),
        _ => Some(ResponseMedia::Json),
    }
}

/// Whether the request body is declared JSON (`application/json`, any charset parameter).
pub fn is_json_body(request: &Request) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// A media range of an `Accept` header and its quality, lower-cased.
fn media_range(text: &str) -> Option<(String, f32)> {
    let mut parts = text.split(';');
    let name = parts.next()?.trim().to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    let quality = parts
        .filter_map(|parameter| parameter.trim().strip_prefix("q="))
        .find_map(|value| value.trim().parse::<f32>().ok())
        .unwrap_or(1.0);
    Some((name, quality))
}

//! The headers that tell a browser to run only this server's own code: a Content-Security-Policy
//! on every HTML answer (the public pages, GraphiQL), and `nosniff` and a referrer policy on
//! every answer. One place, so that no page is served without them.

use std::sync::Arc;

use poem::http::HeaderValue;
use poem::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use poem::{Endpoint, IntoResponse, Request, Response, Result};

/// Scripts, styles, images, fonts and connections (HTTP and WebSocket: Chromium and Firefox
/// let `'self'` match `ws:`/`wss:` on the page's host) from the page's own origin only; no
/// inline script, no `eval`; nothing may frame a page. GraphiQL's stylesheet embeds its fonts
/// and icons as `data:` URLs, hence `data:` for fonts and images.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A link to another site says where it came from, not which page of this one.
const REFERRER_POLICY_VALUE: &str = "strict-origin-when-cross-origin";

/// Calls `endpoint`, then adds the headers to its answer, errors included.
pub async fn around<E: Endpoint>(endpoint: Arc<E>, request: Request) -> Result<Response> {
    let mut response = match endpoint.call(request).await {
        Ok(answer) => answer.into_response(),
        Err(error) => error.into_response(),
    };
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|media| media.starts_with("text/html"));
    let headers = response.headers_mut();
    if is_html {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
        );
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY_VALUE),
    );
    Ok(response)
}

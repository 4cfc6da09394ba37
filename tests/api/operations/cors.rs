//! CORS: only the configured origins are allowed, and with none configured no CORS header is
//! ever sent.

use reqwest::Method;
use reqwest::header::HeaderMap;
use territoires::config::{HttpOptions, Limits};

use super::{post_with_headers, query_body};
use crate::support::{Backend, TestServer};

const DASHBOARD: &str = "https://dash.example.org";

/// A server that allows the dashboard's origin.
async fn allowing_the_dashboard() -> TestServer {
    let options = HttpOptions {
        cors_origins: vec![DASHBOARD.into()],
        ..HttpOptions::default()
    };
    TestServer::start_configured(Backend::Sqlite, Limits::default(), options)
        .await
        .unwrap()
}

/// A browser's preflight of a POST to `/graphql` from `origin`; returns the status and
/// headers.
async fn preflight(server: &TestServer, origin: &str) -> (u16, HeaderMap) {
    let response = server
        .client
        .request(Method::OPTIONS, server.url("/graphql"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization",
        )
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.headers().clone())
}

/// The `access-control-*` headers among `headers`.
fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name}: {headers:?}"))
        .to_str()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_origin_passes_the_preflight_and_reads_answers() {
    let server = allowing_the_dashboard().await;
    let (status, headers) = preflight(&server, DASHBOARD).await;
    assert!((200..300).contains(&status), "{status}");
    assert_eq!(header(&headers, "access-control-allow-origin"), DASHBOARD);
    let methods = header(&headers, "access-control-allow-methods").to_uppercase();
    assert!(methods.contains("POST"), "{methods}");
    let allowed = header(&headers, "access-control-allow-headers").to_lowercase();
    for name in ["content-type", "authorization"] {
        assert!(allowed.contains(name), "{allowed}");
    }

    let response = post_with_headers(
        &server,
        &[("origin", DASHBOARD)],
        &query_body("{ plans { slug } }"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(header(headers, "access-control-allow-origin"), DASHBOARD);
    let exposed = header(headers, "access-control-expose-headers").to_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_origin_is_not_allowed() {
    let server = allowing_the_dashboard().await;
    for origin in [
        "https://evil.example.org",
        "https://dash.example.org.evil.net",
        "null",
    ] {
        let (_, headers) = preflight(&server, origin).await;
        assert!(
            headers.get("access-control-allow-origin").is_none(),
            "{origin}: {headers:?}"
        );
        let response = post_with_headers(
            &server,
            &[("origin", origin)],
            &query_body("{ plans { slug } }"),
        )
        .await;
        assert!(
            response
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "{origin}: {:?}",
            response.headers()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_configured_origins_no_cors_header_is_sent() {
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    let (_, headers) = preflight(&server, DASHBOARD).await;
    assert_eq!(cors_headers(&headers), Vec::<String>::new(), "{headers:?}");
    let response = post_with_headers(
        &server,
        &[("origin", DASHBOARD)],
        &query_body("{ plans { slug } }"),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(cors_headers(response.headers()), Vec::<String>::new());
    let health = server
        .client
        .get(server.url("/health"))
        .header("origin", DASHBOARD)
        .send()
        .await
        .unwrap();
    assert_eq!(cors_headers(health.headers()), Vec::<String>::new());
}

//! The browser harness itself: what a page did is recorded, so that "no console error", "no
//! CSP violation" and "no other host" assertions cannot pass for want of listening.

use std::time::Duration;

use crate::support::browser::{Browser, Recording, Viewport};

/// A page whose policy allows its inline scripts but no image: it logs an error, throws one,
/// and shows an image that its policy refuses (inline, so that no request leaves the machine).
const MISBEHAVING_PAGE: &str = r#"<!doctype html>
<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'; img-src 'none'">
<title>misbehaving</title>
<script>console.error("logged on purpose");</script>
<script>throw new Error("thrown on purpose");</script>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p id="end">end</p>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_console_errors_and_csp_violations() {
    let Some(browser) = Browser::launch("harness").await else {
        return;
    };
    let page = browser
        .open(&data_url(MISBEHAVING_PAGE), Viewport::PHONE)
        .await;
    page.wait_for_selector("#end", Duration::from_secs(10))
        .await;
    page.wait_until(
        "document.images[0].complete",
        Duration::from_secs(10),
        "the refused image to settle",
    )
    .await;
    let recording = page.recording();
    let errors = recording.console_errors.join("\n");
    assert!(errors.contains("console: logged on purpose"), "{errors}");
    assert!(
        errors.contains("uncaught: Error: thrown on purpose"),
        "{errors}"
    );
    assert_eq!(recording.csp_violations.len(), 1, "{recording:#?}");
    assert!(
        recording.csp_violations[0].contains(r#""directive":"img-src""#),
        "{recording:#?}"
    );
    page.close().await;
    browser.close().await;
}

#[test]
fn tells_the_page_own_host_from_others() {
    let recording = Recording {
        requests: [
            "http://127.0.0.1:8000/graphiql",
            "http://127.0.0.1:8000",
            "ws://127.0.0.1:8000/graphql",
            "data:font/woff2;base64,d09GMgABAAAAACsUAA…",
            "http://127.0.0.1:80001/elsewhere",
            "https://unpkg.com/graphiql",
            "http://127.0.0.1:8000.example.com/",
        ]
        .map(String::from)
        .to_vec(),
        ..Recording::default()
    };
    assert_eq!(
        recording.requests_to_other_hosts("http://127.0.0.1:8000"),
        [
            "http://127.0.0.1:80001/elsewhere",
            "https://unpkg.com/graphiql",
            "http://127.0.0.1:8000.example.com/",
        ]
    );
}

/// `html` as a `data:` URL, every byte but letters and digits percent-encoded.
fn data_url(html: &str) -> String {
    let encoded: String = html
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    format!("data:text/html;charset=utf-8,{encoded}")
}

//! How every open-data file is written: RFC 4180 CSV (comma, CRLF, quotes where needed) in
//! UTF-8, as a download.

use poem::http::header::CONTENT_DISPOSITION;
use poem::{Body, Response};

/// `rows` as RFC 4180 CSV.
pub fn encode<I, R, F>(rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail, and every row has the header's length, so the csv
        // crate has nothing to refuse; a failure would still be answered, never panic.
        if let Err(error) = writer.write_record(row) {
            tracing::error!(%error, "cannot write a CSV row");
        }
    }
    // Flushing into a Vec cannot fail either.
    writer.into_inner().unwrap_or_default()
}

/// A CSV file named `filename` whose bytes are `body`.
pub fn file(filename: &str, body: Body) -> Response {
    Response::builder()
        .content_type("text/csv; charset=utf-8; header=present")
        .header(
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        )
        .body(body)
}

/// The text of a scalar GraphQL serializes as a string, so a cell reads as the API answers.
pub fn scalar_text(value: async_graphql::Value) -> String {
    match value {
        async_graphql::Value::String(text) => text,
        other => other.to_string(),
    }
}

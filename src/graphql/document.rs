//! The documents clients send, parsed once per text.
//!
//! Front-ends send the same few documents again and again, and parsing one is costly: a fifth
//! of the instructions of an uncached dashboard request was the parser's (callgrind). A
//! document parsed before is copied instead, which is far cheaper; what execution then does
//! with it (validation, complexity, resolution) is unchanged. A parse depends only on the
//! text, so a kept document never goes stale. A text that does not parse is not kept: its
//! error is reported where the request is admitted (`limits.rs`).

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::Request;
use async_graphql::parser::types::ExecutableDocument;
use moka::sync::Cache;

/// Bytes of documents kept, as weighed below: a few thousand distinct documents, far more
/// than the front-ends send.
const BUDGET: u64 = 8 * 1024 * 1024;
/// A parsed document weighs this many times its text (its nodes, positions and names),
/// plus what an entry costs beyond them.
const WEIGHT_PER_BYTE: usize = 8;
const ENTRY_OVERHEAD: usize = 256;

/// In a request's data: [`Documents::parse`] has given it its document. async-graphql does
/// not tell whether a request holds a parsed document, and a second call would copy it again.
struct Parsed;

/// Parsed documents by text.
#[derive(Clone)]
pub struct Documents(Cache<String, Arc<ExecutableDocument>>);

impl Default for Documents {
    fn default() -> Self {
        let cache = Cache::builder()
            .max_capacity(BUDGET)
            .weigher(|text: &String, _: &Arc<ExecutableDocument>| {
                let weight = text.len() * WEIGHT_PER_BYTE + ENTRY_OVERHEAD;
                u32::try_from(weight).unwrap_or(u32::MAX)
            })
            .build();
        Self(cache)
    }
}

impl Documents {
    /// Gives `request` its parsed document, a copy of the one kept for its text when there is
    /// one; execution and the limits then read it without parsing. A document that does not
    /// parse is left as it is, for the limits to refuse with the parser's error, and so is a
    /// request given its document already.
    pub fn parse(&self, request: &mut Request) {
        if request.data.contains_key(&TypeId::of::<Parsed>()) {
            return;
        }
        if let Some(document) = self.0.get(&request.query) {
            request.set_parsed_query(ExecutableDocument::clone(&document));
        } else if let Ok(document) = request.parsed_query() {
            let document = Arc::new(document.clone());
            self.0.insert(request.query.clone(), document);
        } else {
            return;
        }
        request.data.insert(Parsed);
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::types::DocumentOperations;

    use super::*;

    fn operation_names(request: &mut Request) -> Vec<String> {
        match &request.parsed_query().expect("parsed").operations {
            DocumentOperations::Single(_) => vec![String::new()],
            DocumentOperations::Multiple(operations) => {
                let mut names: Vec<String> = operations.keys().map(ToString::to_string).collect();
                names.sort();
                names
            }
        }
    }

    #[test]
    fn a_text_seen_before_gets_a_copy_of_its_document() {
        let documents = Documents::default();
        let text = "query A { regions { name } } query B { plans { slug } }";
        let mut first = Request::new(text);
        documents.parse(&mut first);
        assert!(documents.0.contains_key(text));

        let mut second = Request::new(text);
        documents.parse(&mut second);
        assert_eq!(operation_names(&mut second), ["A", "B"]);
        assert_eq!(operation_names(&mut first), ["A", "B"]);
    }

    #[test]
    fn a_text_that_does_not_parse_is_not_kept_and_keeps_its_error() {
        let documents = Documents::default();
        let text = "{ regions { name ";
        let mut request = Request::new(text);
        documents.parse(&mut request);
        assert!(!documents.0.contains_key(text));
        let error = request.parsed_query().expect_err("no document");
        assert!(error.message.contains("expected"), "{}", error.message);
    }
}

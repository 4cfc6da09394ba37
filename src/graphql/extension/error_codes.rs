//! Gives every GraphQL error an `extensions.code`.
//!
//! Resolver errors carry their code already. The errors the engine raises itself, before or
//! while coercing input (parse errors, unknown fields, wrong argument types), carry none, and
//! all of them are the client's input being refused: they get `BAD_USER_INPUT`.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{ErrorExtensionValues, Response, Value};

use crate::graphql::error::code;

/// Factory of [`ErrorCodesExtension`], registered on the schema.
#[derive(Debug)]
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            let extensions = error
                .extensions
                .get_or_insert_with(ErrorExtensionValues::default);
            if extensions.get("code").is_none() {
                extensions.set("code", Value::from(code::BAD_USER_INPUT));
            }
        }
        response
    }
}

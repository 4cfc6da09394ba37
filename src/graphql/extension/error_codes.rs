//! Gives every GraphQL error an `extensions.code`.
//!
//! Resolver errors carry their code already. The errors the engine raises itself, before or
//! while coercing input (parse errors, unknown fields, wrong argument types), carry none, and
//! all of them are the client's input being refused: they get `BAD_USER_INPUT`.
//!
//! An `INTERNAL` error also gets the request's id, in its message and as
//! `extensions.requestId`, and nothing more.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{ErrorExtensionValues, Response, Value};

use crate::graphql::context::RequestId;
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
        let request_id = ctx.data_opt::<RequestId>();
        for error in &mut response.errors {
            let extensions = error
                .extensions
                .get_or_insert_with(ErrorExtensionValues::default);
            if extensions.get("code").is_none() {
                extensions.set("code", Value::from(code::BAD_USER_INPUT));
            }
            // The cause of an internal error is in the log, under the request's id.
            if let (Some(Value::String(code)), Some(RequestId(id))) =
                (extensions.get("code"), request_id)
                && code == code::INTERNAL
            {
                extensions.set("requestId", Value::from(id.as_str()));
                error.message = format!("{} (request id {id})", error.message);
            }
        }
        response
    }
}

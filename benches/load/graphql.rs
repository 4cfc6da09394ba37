//! A small GraphQL-over-HTTP client for the setup steps (not for the measured load), and the
//! server's statement counter read from `/metrics`.

use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};

/// Posts GraphQL requests to one server.
#[derive(Clone, Debug)]
pub struct Graphql {
    client: reqwest::Client,
    base: String,
}

impl Graphql {
    /// A client of the server at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str) -> anyhow::Result<Self> {
        Ok(Self {
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()?,
            base: base.to_owned(),
        })
    }

    /// Runs an anonymous request that must succeed, and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> anyhow::Result<Value> {
        self.post(None, query, variables).await
    }

    /// Runs a request with `Authorization: Bearer TOKEN` that must succeed; returns `data`.
    pub async fn data_as(
        &self,
        token: &str,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<Value> {
        self.post(Some(token), query, variables).await
    }

    async fn post(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<Value> {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let body: Value = request
            .send()
            .await
            .context("GraphQL request")?
            .json()
            .await
            .context("GraphQL response")?;
        if let Some(errors) = body.get("errors") {
            bail!("the server answered errors: {errors}");
        }
        Ok(body["data"].clone())
    }

    /// SQL statements the server has sent for HTTP requests so far
    /// (`territoires_db_request_statements_total` of `/metrics`).
    pub async fn statements(&self) -> anyhow::Result<u64> {
        self.metric("territoires_db_request_statements_total").await
    }

    /// The value of the unlabelled series `name` of `/metrics`.
    pub async fn metric(&self, name: &str) -> anyhow::Result<u64> {
        let metrics = self
            .client
            .get(format!("{}/metrics", self.base))
            .send()
            .await?
            .text()
            .await?;
        metrics
            .lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .with_context(|| format!("no {name} in /metrics"))?
            .trim()
            .parse()
            .with_context(|| format!("{name} is not a number"))
    }
}

//! `territoires` serves Investissement Québec's 2018-2020 action plan for the occupation and
//! vitality of territories as a GraphQL graph: regions → priorities → themes → actions →
//! indicators and targets.
//!
//! Layers depend one way: [`http`] → [`graphql`] → [`service`] → `entity`. See ARCHITECTURE.md.

pub mod backup;
pub mod broker;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod import;
pub mod metrics;
pub mod plan_data;
pub mod seed;
pub mod service;
pub mod shutdown;
pub mod state;
pub mod values_cli;

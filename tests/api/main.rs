//! The integration suite: each test starts its own server on a fresh database and a random
//! port, and talks to it over HTTP as a client would.

// A panic is how a test reports a broken expectation.
#![allow(clippy::unwrap_used)]

#[macro_use]
mod support;

mod backup;
mod browser;
mod cache;
mod catalogue;
mod compliance;
mod durability;
mod hostile;
mod http_surface;
mod introspection;
mod nodes;
mod open_data;
mod operations;
mod plans;
mod published;
mod replicas;
mod search;
mod statements;
mod values;

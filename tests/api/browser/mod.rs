//! Pages in a real headless Chromium, as a person meets them (`support::browser`): what they
//! show, what they load, and that they reach no other host.

mod graphiql;
mod harness;
mod pages;

//! Open data out: `GET /values.csv` answers the figures GraphQL answers, as RFC 4180 CSV; the
//! catalogue files hold the stored plan; `/datapackage.json` describes them all and passes
//! `frictionless validate`.

mod catalogue_csv;
mod datapackage;
mod values_csv;

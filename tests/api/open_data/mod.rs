//! Open data out: `GET /values.csv` answers the figures GraphQL answers, as RFC 4180 CSV.

mod values_csv;

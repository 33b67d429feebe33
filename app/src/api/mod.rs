//! Calls to the server, one module per resource. Every call returns an [`ApiError`] the page can
//! show in the user's language.

pub mod admin;
// The citizens' aspiration service (issue 23).
pub mod aspirations;
pub mod auth;
pub mod cache;
pub mod entries;
/// The contract's serde-free JSON reading and writing (`contract::json`), under the path the
/// app's modules use.
pub use contract::json;
// Mentoring status and notes (issue 7).
pub mod mentoring;
pub mod periods;
// Work-system policy monitor (issue 8).
pub mod policy;
pub mod published;
// The unit registry and populations (issue 17).
pub mod registry;
pub mod results;
pub mod rubrics;
// Saved simulator scenarios (issue 6).
pub mod scenarios;
pub mod send;
pub mod units;

use crate::i18n::{Lang, Msg, t};

/// Why a request failed. The technical detail is kept for the "Rincian teknis" line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request did not get an answer (offline, server down, blocked).
    Network(String),
    /// The server answered with a non-success HTTP status.
    Status { status: u16, url: String },
    /// The answer was not JSON; line and column say where reading stopped.
    Format { url: String, line: usize, column: usize },
    /// The answer was JSON but not of the expected shape; `field` is the JSON path of the value
    /// that did not fit (`entries[3].value`, empty for the whole answer).
    Shape { url: String, field: String, expected: &'static str },
}

impl ApiError {
    /// A one-line technical description in the given language, for the detail line under the
    /// friendly message.
    pub fn detail(&self, lang: Lang) -> String {
        match self {
            ApiError::Network(detail) => format!("{} ({detail})", t(lang, Msg::ErrorNetwork)),
            ApiError::Status { status, url } => {
                format!("{} {status}: {url}", t(lang, Msg::ErrorStatus))
            }
            ApiError::Format { url, line, column } => {
                format!(
                    "{} {url} ({} {line}, {} {column})",
                    t(lang, Msg::ErrorFormat),
                    t(lang, Msg::ErrorLine),
                    t(lang, Msg::ErrorColumn)
                )
            }
            ApiError::Shape { url, field, expected } => {
                let field = if field.is_empty() { "—" } else { field };
                format!(
                    "{} {url} ({} {field}, {} {expected})",
                    t(lang, Msg::ErrorShape),
                    t(lang, Msg::ErrorField),
                    t(lang, Msg::ErrorExpected)
                )
            }
        }
    }

    /// The error of an answer from `url` that could not be read.
    pub fn unreadable(url: &str, error: json::ReadError) -> ApiError {
        match error {
            json::ReadError::Syntax { line, column } => ApiError::Format { url: url.to_owned(), line, column },
            json::ReadError::Shape(shape) => {
                ApiError::Shape { url: url.to_owned(), field: shape.path, expected: shape.expected }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_detail_names_code_and_address() {
        let error = ApiError::Status { status: 404, url: "/rubrics/x.json".into() };
        assert_eq!(error.detail(Lang::Id), "Server menjawab dengan kode galat 404: /rubrics/x.json");
        assert_eq!(error.detail(Lang::En), "The server answered with error code 404: /rubrics/x.json");
    }

    #[test]
    fn format_detail_says_where_reading_stopped() {
        let error = ApiError::Format { url: "/rubrics/x.json".into(), line: 3, column: 14 };
        assert_eq!(error.detail(Lang::Id), "Berkas rubrik tidak dapat dibaca /rubrics/x.json (baris 3, kolom 14)");
    }

    #[test]
    fn shape_detail_names_the_field() {
        let error = ApiError::unreadable("/api/v1/periods", json::from_str::<Vec<String>>("[\"a\",1]").unwrap_err());
        assert_eq!(
            error.detail(Lang::Id),
            "Jawaban server tidak berbentuk seperti yang diharapkan /api/v1/periods (bidang [1], seharusnya string)"
        );
        assert_eq!(
            error.detail(Lang::En),
            "The server's answer does not have the expected shape /api/v1/periods (field [1], expected string)"
        );
    }
}

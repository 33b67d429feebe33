//! Calls to the server, one module per resource. Every call returns an [`ApiError`] the page can
//! show in the user's language.

pub mod admin;
pub mod auth;
pub mod cache;
pub mod entries;
// Mentoring status and notes (issue 7).
pub mod mentoring;
pub mod periods;
// Work-system policy monitor (issue 8).
pub mod policy;
pub mod published;
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
    /// The answer was not the expected JSON; line and column say where reading stopped.
    Format {
        url: String,
        line: usize,
        column: usize,
    },
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_detail_names_code_and_address() {
        let error = ApiError::Status {
            status: 404,
            url: "/rubrics/x.json".into(),
        };
        assert_eq!(
            error.detail(Lang::Id),
            "Server menjawab dengan kode galat 404: /rubrics/x.json"
        );
        assert_eq!(
            error.detail(Lang::En),
            "The server answered with error code 404: /rubrics/x.json"
        );
    }

    #[test]
    fn format_detail_says_where_reading_stopped() {
        let error = ApiError::Format {
            url: "/rubrics/x.json".into(),
            line: 3,
            column: 14,
        };
        assert_eq!(
            error.detail(Lang::Id),
            "Berkas rubrik tidak dapat dibaca /rubrics/x.json (baris 3, kolom 14)"
        );
    }
}

//! Cheap public reads: the answers about a published period carry a strong `ETag` and may be
//! kept by browsers and shared caches; a request whose `If-None-Match` names the current one is
//! answered 304 before the answer is computed.
//!
//! A published period's answers change only when something they are made of changes, and each
//! such change leaves a row with a larger id behind: a state change of the period (re-opening and
//! publishing again, `period_audit`) or a change to the unit registry (a unit added to the
//! population, a name, `registry_audit`). So the tag is a hash of: this release (an answer's shape
//! may change with it), the operation and everything in the request that chooses the answer
//! (period, population, unit, page), the period's state, the period's largest
//! audit id and the registry's largest audit id. Equal tags thus mean byte-equal answers, which
//! is what a strong tag promises. The versions are read *before* the answer: if a change lands in
//! between, the answer is newer than its tag, never older, and the next request sees a new tag.
//!
//! Answers about periods that are not published (seen by signed-in staff only) are
//! `private, no-store` and carry no tag.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::startup::AppState;
use crate::storage::PeriodRow;
use crate::storage::dispatch::on_connection;

/// Published answers: kept up to a minute, then checked again with `If-None-Match` (a 304 costs
/// a few small queries). A minute bounds how long a cache may show an answer after a period is
/// re-opened or a unit registered.
pub const PUBLISHED_CACHE_CONTROL: &str = "public, max-age=60, must-revalidate";

/// Answers that are not public (unpublished periods seen by staff, a signed-in user's list).
pub const PRIVATE_CACHE_CONTROL: &str = "private, no-store";

/// The validator of one published answer.
#[derive(Clone, Debug)]
pub struct Validator {
    etag: String,
}

/// The versions a published answer is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Versions {
    /// The largest `period_audit` id of the period (0 without one).
    pub period_audit: i64,
    /// The largest `period_audit` id of any period.
    pub any_period_audit: i64,
    /// The number of periods.
    pub n_periods: i64,
    /// The largest `registry_audit` id.
    pub registry_audit: i64,
}

macro_rules! define_queries {
    ($engine:ty, $engine_module:ident) => {
        use anyhow::{Context, Result};

        use super::super::Versions;

        type Connection = <$engine as sqlx::Database>::Connection;

        pub async fn versions(connection: &mut Connection, period_id: &str) -> Result<Versions> {
            let (period_audit, any_period_audit, n_periods, registry_audit) =
                sqlx::query_as::<_, (i64, i64, i64, i64)>(
                    "SELECT (SELECT COALESCE(MAX(id), 0) FROM period_audit WHERE period_id = $1), \
                     (SELECT COALESCE(MAX(id), 0) FROM period_audit), (SELECT COUNT(*) FROM periods), \
                     (SELECT COALESCE(MAX(id), 0) FROM registry_audit)",
                )
                .bind(period_id)
                .fetch_one(&mut *connection)
                .await
                .context("cannot read the versions of published answers")?;
            Ok(Versions { period_audit, any_period_audit, n_periods, registry_audit })
        }
    };
}

mod queries {
    crate::storage::dispatch::for_each_engine!(define_queries);
}

/// The strong entity tag of `parts` (quoted, as the header carries it).
pub fn etag_of(parts: &[&str]) -> String {
    let mut text = String::from(env!("CARGO_PKG_VERSION"));
    for part in parts {
        // Lengths first, so that no two lists of parts run together into the same text.
        text.push_str(&format!("\n{}:{part}", part.len()));
    }
    format!("\"{}\"", &crate::auth::tokens::sha256_hex(&text)[..32])
}

/// Whether an `If-None-Match` value names `etag` (`*`, or a list; the weak comparison that
/// RFC 9110 prescribes for this header, so `W/"…"` matches too).
pub fn none_match_hits(if_none_match: &str, etag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match.split(',').map(str::trim).any(|candidate| candidate.trim_start_matches("W/") == etag)
}

/// The validator of a published period's answer chosen by `variant` (operation, population, …);
/// `None` for a period that is not published (its answers are private).
///
/// # Errors
/// The database fails.
pub async fn published_validator(
    state: &AppState,
    period: &PeriodRow,
    variant: &[&str],
) -> Result<Option<Validator>, ApiError> {
    if !period.is_published() {
        return Ok(None);
    }
    let versions = read_versions(state, &period.id).await?;
    let (period_audit, registry_audit) = (versions.period_audit.to_string(), versions.registry_audit.to_string());
    let mut parts = vec![period.id.as_str(), period.state.code()];
    parts.extend([period_audit.as_str(), registry_audit.as_str()]);
    parts.extend(variant);
    Ok(Some(Validator { etag: etag_of(&parts) }))
}

/// The validator of the list of published periods.
///
/// # Errors
/// The database fails.
pub async fn published_list_validator(state: &AppState) -> Result<Validator, ApiError> {
    let versions = read_versions(state, "").await?;
    let (any, count, registry) =
        (versions.any_period_audit.to_string(), versions.n_periods.to_string(), versions.registry_audit.to_string());
    Ok(Validator { etag: etag_of(&["periods", &any, &count, &registry]) })
}

async fn read_versions(state: &AppState, period_id: &str) -> Result<Versions, ApiError> {
    let versions =
        on_connection!(&state.database, queries, |connection, q| q::versions(&mut connection, period_id).await);
    Ok(versions?)
}

impl Validator {
    /// The 304 answer when the request's `If-None-Match` names this validator.
    pub fn not_modified(&self, request_headers: &HeaderMap) -> Option<Response> {
        let hit = request_headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .any(|value| none_match_hits(value, &self.etag));
        hit.then(|| self.decorate(StatusCode::NOT_MODIFIED.into_response()))
    }

    fn decorate(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLISHED_CACHE_CONTROL));
        response
    }
}

/// `body` with its caching headers: the tag and public caching when there is a validator,
/// `private, no-store` when there is none.
pub fn with_validator(validator: Option<&Validator>, body: impl IntoResponse) -> Response {
    let response = body.into_response();
    match validator {
        Some(validator) => validator.decorate(response),
        None => {
            let mut response = response;
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE_CACHE_CONTROL));
            response
        }
    }
}

/// Published answers kept in this process's memory by their strong tag. Equal tags mean
/// byte-equal answers (see the module documentation) and the tag is computed from the database
/// on every request, so a kept answer is never stale, whichever process changed the data: a
/// re-publication or a registry change makes a new tag, and the old answer is simply not asked
/// for again. Bounded: past `MAX_KEPT_BYTES` (128 MB) everything is dropped and kept afresh.
#[derive(Debug, Default)]
pub struct PublishedAnswers {
    kept: std::sync::Mutex<KeptAnswers>,
    /// Held while an answer is made, so that a burst of requests for an answer not kept yet
    /// makes it once (the others wait, then find it kept) instead of once per request.
    making: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct KeptAnswers {
    by_tag: std::collections::HashMap<String, KeptAnswer>,
    n_bytes: usize,
}

/// One published answer: its JSON body and, for a ranking, its `X-Total-Count`.
#[derive(Clone, Debug)]
pub struct KeptAnswer {
    pub body: axum::body::Bytes,
    pub total_count: Option<usize>,
}

/// The most bytes of answers one process keeps (the whole 22,000-unit ranking is ≈ 60 MB of
/// JSON with its explanations, so it is kept alone; pages and small rankings fit by thousands).
pub const MAX_KEPT_BYTES: usize = 128 * 1024 * 1024;

impl PublishedAnswers {
    /// The answer kept under `validator`'s tag.
    pub fn get(&self, validator: &Validator) -> Option<KeptAnswer> {
        self.kept.lock().ok()?.by_tag.get(&validator.etag).cloned()
    }

    /// Waits until no other request is making a published answer; while the guard lives, this
    /// one is. Look for a kept answer again once it is held.
    pub async fn making(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.making.lock().await
    }

    /// Keeps `answer` under `validator`'s tag.
    pub fn keep(&self, validator: &Validator, answer: KeptAnswer) {
        let size = answer.body.len();
        if size > MAX_KEPT_BYTES {
            return;
        }
        let Ok(mut kept) = self.kept.lock() else { return };
        if kept.n_bytes + size > MAX_KEPT_BYTES {
            kept.by_tag.clear();
            kept.n_bytes = 0;
        }
        if let Some(previous) = kept.by_tag.insert(validator.etag.clone(), answer) {
            kept.n_bytes -= previous.body.len();
        }
        kept.n_bytes += size;
    }
}

/// A JSON `body` (already serialised) with its caching headers, as [`with_validator`].
pub fn json_with_validator(validator: Option<&Validator>, body: axum::body::Bytes) -> Response {
    with_validator(validator, ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_differ_when_any_part_differs_and_parts_never_run_together() {
        let tag = etag_of(&["2023", "published", "7", "kabkota"]);
        assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 34, "{tag}");
        assert_eq!(tag, etag_of(&["2023", "published", "7", "kabkota"]));
        assert_ne!(tag, etag_of(&["2023", "published", "8", "kabkota"]));
        assert_ne!(etag_of(&["ab", "c"]), etag_of(&["a", "bc"]));
    }

    #[test]
    fn kept_answers_are_found_by_their_tag_only_and_stay_bounded() {
        let answers = PublishedAnswers::default();
        let one = Validator { etag: etag_of(&["one"]) };
        let other = Validator { etag: etag_of(&["other"]) };
        let answer = |text: &'static str| KeptAnswer {
            body: axum::body::Bytes::from_static(text.as_bytes()),
            total_count: Some(3),
        };
        answers.keep(&one, answer("[1]"));
        assert_eq!(answers.get(&one).map(|kept| kept.body), Some(axum::body::Bytes::from_static(b"[1]")));
        assert!(answers.get(&other).is_none());
        answers.keep(&one, answer("[12]"));
        assert_eq!(answers.kept.lock().expect("not poisoned").n_bytes, 4);
        let huge = KeptAnswer { body: axum::body::Bytes::from(vec![b' '; MAX_KEPT_BYTES + 1]), total_count: None };
        answers.keep(&other, huge);
        assert!(answers.get(&other).is_none(), "an answer over the bound is not kept");
    }

    #[test]
    fn if_none_match_names_a_tag_in_a_list_weakly_or_with_a_star() {
        let tag = "\"abc\"";
        assert!(none_match_hits("\"abc\"", tag));
        assert!(none_match_hits("\"x\", W/\"abc\"", tag));
        assert!(none_match_hits("*", tag));
        assert!(!none_match_hits("\"abcd\"", tag));
        assert!(!none_match_hits("abc", tag));
    }
}

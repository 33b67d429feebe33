//! GET with a `localStorage` copy: the simulator keeps working offline with the data it loaded
//! last (rubric, the unit's values, the peers' totals).
//!
//! Every successful answer is stored under `sibekisar.cache.v1:<url>`; when the network fails
//! (not when the server answers with an error), the stored copy is used and the caller is told
//! so, to say it on screen. Storage failures (quota, private mode) are ignored: caching is a
//! convenience, never a reason to fail.

use gloo_net::http::Request;

use super::ApiError;
use super::json::{FromJson, Json, ReadError};

const CACHE_PREFIX: &str = "sibekisar.cache.v1:";

/// A response body and whether it came from the local copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub text: String,
    pub from_cache: bool,
}

/// Fetches `url` as text, falling back to the last stored copy when the network fails.
///
/// # Errors
/// [`ApiError::Network`] when there is neither an answer nor a stored copy;
/// [`ApiError::Status`] for a non-2xx answer.
pub async fn get_text(url: &str) -> Result<Fetched, ApiError> {
    let response = match Request::get(url).send().await {
        Ok(response) => response,
        Err(error) => {
            return match stored(url) {
                Some(text) => Ok(Fetched { text, from_cache: true }),
                None => Err(ApiError::Network(error.to_string())),
            };
        }
    };
    if !response.ok() {
        return Err(ApiError::Status { status: response.status(), url: url.to_string() });
    }
    // Without a network the service worker answers with its last copy and says so (app/sw.js).
    let from_cache = response.headers().get("x-sibekisar-offline-copy").is_some();
    let text = response.text().await.map_err(|error| ApiError::Network(error.to_string()))?;
    store(url, &text);
    Ok(Fetched { text, from_cache })
}

/// Fetches `url` and reads it as JSON into `T`.
///
/// # Errors
/// As [`get_text`], and [`ApiError::Format`] or [`ApiError::Shape`] when the body is not the
/// expected JSON.
pub async fn get_json<T: FromJson>(url: &str) -> Result<(T, bool), ApiError> {
    let (document, from_cache) = get_document(url).await?;
    let value = T::from_json(&document).map_err(|error| ApiError::unreadable(url, ReadError::Shape(error)))?;
    Ok((value, from_cache))
}

/// Fetches `url` and parses it as JSON (the part of [`get_json`] that is the same for every type).
async fn get_document(url: &str) -> Result<(Json, bool), ApiError> {
    let fetched = get_text(url).await?;
    let document = super::json::parse(&fetched.text).map_err(|error| ApiError::unreadable(url, error))?;
    Ok((document, fetched.from_cache))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored(url: &str) -> Option<String> {
    storage()?.get_item(&format!("{CACHE_PREFIX}{url}")).ok().flatten()
}

fn store(url: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{CACHE_PREFIX}{url}"), text);
    }
}

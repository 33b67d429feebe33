//! Hosting the built web app (`cargo xtask site` writes it): precompressed files, long cache
//! lifetimes for content-hashed names, and `index.html` for every other path so that deep links
//! survive a reload. The public rankings, report cards and "Cara Penilaian" are written into
//! `index.html` by the server itself (`prerender`), so their first response already has content.

mod prerender;

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::startup::AppState;

const NOT_BUILT_PAGE: &str = "<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><title>Sibekisar</title>\
<p>Aplikasi web belum dibangun. Jalankan <code>cargo xtask run</code>. / The web app is not built yet: run \
<code>cargo xtask run</code>.</p></html>";

/// The router serving the site folder, or a short page saying it is not built.
pub fn site_router(site_dir: Option<&Path>) -> Router<AppState> {
    match site_dir {
        Some(dir) if dir.join("index.html").is_file() => {
            let index = ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip();
            let files = ServeDir::new(PathBuf::from(dir)).precompressed_br().precompressed_gzip().fallback(index);
            let site_dir = PathBuf::from(dir);
            let prerendered = axum::routing::get(move |State(state): State<AppState>, uri: Uri| {
                prerendered_page(state, site_dir.clone(), uri)
            });
            Router::new()
                .route("/", prerendered.clone())
                .route("/simulasi", prerendered.clone())
                .route("/peringkat", prerendered.clone())
                .route("/cara-penilaian", prerendered.clone())
                .route("/unit/{code}", prerendered)
                .route_layer(CompressionLayer::new())
                .fallback_service(files)
                .layer(axum::middleware::from_fn(cache_control))
        }
        _ => Router::new().fallback(|| async { Html(NOT_BUILT_PAGE).into_response() }),
    }
}

/// `index.html` with the page the address names written into it (see `prerender`).
async fn prerendered_page(state: AppState, site_dir: PathBuf, uri: Uri) -> Response {
    let Ok(index) = tokio::fs::read_to_string(site_dir.join("index.html")).await else {
        return Html(NOT_BUILT_PAGE).into_response();
    };
    let Some(page) = prerender::PublicPage::from_uri(&uri) else { return Html(index).into_response() };
    let rendered = prerender::render(&state, &site_dir, &page).await;
    let index = index.replacen("</head>", &format!("{}\n</head>", prerender::preload_links(&rendered.preloads)), 1);
    let page = match &rendered.content {
        Some(content) => prerender::into_shell(&index, &rendered.title, content, uri.path()),
        None => index,
    };
    let mut response = Html(page).into_response();
    // The service worker keeps only the plain `index.html` for offline starts, never a page
    // written for one address.
    response.headers_mut().insert("x-sibekisar-prerendered", HeaderValue::from_static("1"));
    response
}

/// Content-hashed assets (`app-0123456789abcdef.wasm`) never change, so browsers may keep them a
/// year; everything else (index.html above all) must be revalidated.
async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// `stem-<16 hex digits>.ext` at the site root.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix('/') else { return false };
    if name.contains('/') {
        return false;
    }
    let Some((stem_and_hash, _ext)) = name.rsplit_once('.') else { return false };
    let Some((_stem, hash)) = stem_and_hash.rsplit_once('-') else { return false };
    hash.len() == 16 && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_content_hashed_root_files_count_as_immutable() {
        assert!(is_hashed_asset("/app-0123456789abcdef.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/app-0123.wasm"));
        assert!(!is_hashed_asset("/rubrics/rubric-opd-2023.json"));
        assert!(!is_hashed_asset("/app-0123456789abcdeg.js"));
    }
}

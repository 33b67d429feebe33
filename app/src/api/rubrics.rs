//! The shipped rubric files, served as static files under `/rubrics/`.

use gloo_net::http::Request;

use super::ApiError;

/// The 2023 rubric for the 38 regencies/cities.
pub const KABKOTA_2023_URL: &str = "/rubrics/rubric-kabkota-2023.json";
/// The 2023 rubric for provincial regional apparatus (also used for UOBK hospitals).
pub const OPD_2023_URL: &str = "/rubrics/rubric-opd-2023.json";

/// Both 2023 rubrics, as the "Cara Penilaian" page shows them side by side.
#[derive(Clone, Debug)]
pub struct Rubrics2023 {
    pub kabkota: engine::Rubric,
    pub opd: engine::Rubric,
}

/// Reads a rubric document from `url` with the engine (the app's one rubric model).
///
/// # Errors
/// [`ApiError::Format`] where the text stops being JSON, [`ApiError::Shape`] naming the first
/// field the engine refuses.
pub fn parse_rubric(url: &str, text: &str) -> Result<engine::Rubric, ApiError> {
    engine::Rubric::parse_json(text).map_err(|errors| match errors.into_vec().into_iter().next() {
        Some(engine::FieldError { kind: engine::ErrorKind::InvalidJson { line, column, .. }, .. }) => {
            ApiError::Format { url: url.to_owned(), line, column }
        }
        first => ApiError::Shape {
            url: url.to_owned(),
            field: first.map(|error| error.field).unwrap_or_default(),
            expected: "sibekisar.rubric/v1",
        },
    })
}

/// Fetches and parses one rubric file.
///
/// # Errors
/// [`ApiError::Network`] when there is no answer, [`ApiError::Status`] for a non-2xx answer,
/// [`ApiError::Format`] when the body is not a rubric.
pub async fn fetch_rubric(url: &str) -> Result<engine::Rubric, ApiError> {
    let response = Request::get(url).send().await.map_err(|error| ApiError::Network(error.to_string()))?;
    if !response.ok() {
        return Err(ApiError::Status { status: response.status(), url: url.to_string() });
    }
    let body = response.text().await.map_err(|error| ApiError::Network(error.to_string()))?;
    parse_rubric(url, &body)
}

/// Fetches both 2023 rubrics; the first failure is returned.
///
/// # Errors
/// As [`fetch_rubric`].
pub async fn fetch_rubrics_2023() -> Result<Rubrics2023, ApiError> {
    let kabkota = fetch_rubric(KABKOTA_2023_URL).await?;
    let opd = fetch_rubric(OPD_2023_URL).await?;
    Ok(Rubrics2023 { kabkota, opd })
}

/// A stored rubric version (`GET /api/v1/rubrics/{id}`), parsed by the engine for scoring.
/// The flag says the answer came from the local copy.
///
/// # Errors
/// As [`super::cache::get_text`]; [`ApiError::Format`] when the engine refuses the document.
pub async fn fetch_rubric_version(rubric_version_id: &str) -> Result<(engine::Rubric, bool), ApiError> {
    let url = format!("/api/v1/rubrics/{}", crate::simulation::encode_query_value(rubric_version_id));
    let fetched = super::cache::get_text(&url).await?;
    Ok((parse_rubric(&url, &fetched.text)?, fetched.from_cache))
}

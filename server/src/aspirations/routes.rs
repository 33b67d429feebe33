//! The aspiration service's handlers. The endpoints, who may call them and their errors are
//! listed in `crate::openapi` (tag `aspirations`); the contract types are
//! `contract::aspirations`.
//!
//! Abuse control, without third parties: every submission attempt is counted per client address
//! in the login throttle's table (a fixed hour, `Limits::aspiration_submissions_per_hour`), before
//! anything else; a filled honeypot (`website`) is answered like a success but stores nothing
//! (a bot learns nothing); a signed challenge (a proof of work solved by the page with
//! `contract::aspirations::solve_challenge`) is good for one message; the same text (normalised)
//! to the same unit is refused.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use contract::aspirations::{
    AspirationAction, AspirationAnswerRequest, AspirationBinding, AspirationBindingRequest, AspirationBindings,
    AspirationCategory, AspirationChallenge, AspirationEvent, AspirationHistoryRecord, AspirationHoliday,
    AspirationHolidays, AspirationMeasure, AspirationMeasures, AspirationModerationItem, AspirationModerationList,
    AspirationModerationRequest, AspirationPublic, AspirationPublicList, AspirationReceipt, AspirationStatus,
    AspirationSubmission, AspirationUnit, AspirationUnitMeasures, AspirationUnits, CHALLENGE_VALID_SECONDS,
    RECEIPT_ALPHABET, challenge_solved, normalise_receipt,
};

use super::measures;
use super::storage::{AspirationRow, BindingRow, NewAspiration, Step, StoreOutcome};
use crate::auth::roles::Scope;
use crate::auth::{ClientAddress, Principal, Role, require_role};
use crate::error::{ApiError, Problem, error_response};
use crate::http::{ApiJson, ApiPath, ApiQuery};
use crate::results::scoring::ValueChecker;
use crate::results::{MAX_ID_LENGTH, shorten, visible_period_for};
use crate::startup::AppState;
use crate::storage::{PeriodState, UnitRow};

/// Longest message or answer, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Longest contact, in characters.
pub const MAX_CONTACT_CHARS: usize = 200;
/// Longest hide reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// The N of "answered within N working days" when none is named.
pub const DEFAULT_WORKING_DAYS: u32 = 5;

const DAY_MILLIS: i64 = 86_400_000;

fn invalid(code: &str, message: impl Into<String>, field: &str) -> ApiError {
    ApiError::Invalid(vec![Problem::new(code, message, Some(field.to_owned()))])
}

fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::BadRequest { status: StatusCode::CONFLICT, code, message: message.into() }
}

fn not_found_message() -> ApiError {
    ApiError::Missing {
        code: "aspiration_not_found",
        message: "Aspirasi dengan kode tersebut tidak ditemukan.".to_owned(),
    }
}

fn unit_not_found(unit_code: &str) -> ApiError {
    ApiError::Missing { code: "unit_not_found", message: format!("Unit `{}` tidak ditemukan.", shorten(unit_code)) }
}

fn now_millis(state: &AppState) -> i64 {
    i64::try_from(state.clock.now_millis()).unwrap_or(i64::MAX)
}

/// Private data stored before this moment is deleted.
fn retention_before(state: &AppState) -> i64 {
    now_millis(state) - i64::from(state.settings.limits.aspiration_retention_days) * DAY_MILLIS
}

fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The signature of a challenge's `<issued ms>.<random>` part.
fn challenge_signature(secret: &str, body: &str) -> String {
    hex(&Sha256::digest(format!("{secret}:{body}").as_bytes())[..12])
}

/// Whether `nonce` is a challenge this server issued that has not expired at `now_millis`.
pub fn challenge_valid(secret: &str, nonce: &str, now_millis: u64) -> bool {
    let mut parts = nonce.splitn(3, '.');
    let (Some(issued), Some(random), Some(signature)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Ok(issued_millis) = issued.parse::<u64>() else { return false };
    let fresh = issued_millis <= now_millis.saturating_add(60_000)
        && now_millis <= issued_millis.saturating_add(CHALLENGE_VALID_SECONDS * 1000);
    fresh && challenge_signature(secret, &format!("{issued}.{random}")) == signature
}

/// The text as compared for duplicates: lower case, letters and digits, single spaces.
pub fn text_key(text: &str) -> String {
    text.to_lowercase()
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An email address or a phone number, roughly: what a unit could reply to.
pub fn contact_looks_usable(contact: &str) -> bool {
    if let Some((local, domain)) = contact.split_once('@') {
        return !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !contact.chars().any(char::is_whitespace);
    }
    let digits = contact.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && contact.chars().all(|character| character.is_ascii_digit() || " +-().".contains(character))
}

/// Checks free text: trimmed, 1–`most` characters, no control characters but line breaks and tabs.
fn checked_text(
    text: &str,
    most: usize,
    field: &str,
    empty_code: &str,
    long_code: &str,
    what: &str,
) -> Result<String, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(empty_code, format!("{what} tidak boleh kosong."), field));
    }
    if text.chars().count() > most {
        return Err(invalid(long_code, format!("{what} paling banyak {most} karakter."), field));
    }
    if text
        .chars()
        .any(|character| character.is_control() && character != '\n' && character != '\t' && character != '\r')
    {
        return Err(invalid(&format!("{field}_invalid"), format!("{what} memuat karakter kendali."), field));
    }
    Ok(text.to_owned())
}

fn new_receipt_code() -> Result<String, ApiError> {
    let alphabet: Vec<char> = RECEIPT_ALPHABET.chars().collect();
    let bytes = random_bytes::<10>()?;
    let characters: String = bytes.iter().map(|byte| alphabet[usize::from(*byte) % alphabet.len()]).collect();
    Ok(format!("{}-{}", &characters[..5], &characters[5..]))
}

/// `GET /api/v1/aspirations/units`.
#[tracing::instrument(skip(state))]
pub async fn units(State(state): State<AppState>) -> Result<Json<AspirationUnits>, ApiError> {
    let units = state
        .database
        .aspiration_active_units()
        .await?
        .into_iter()
        .map(|unit| AspirationUnit { code: unit.code, name: unit.name, population: unit.population })
        .collect();
    Ok(Json(AspirationUnits { units }))
}

/// `GET /api/v1/aspirations/challenge`.
#[tracing::instrument(skip(state))]
pub async fn challenge(State(state): State<AppState>) -> Result<Json<AspirationChallenge>, ApiError> {
    let secret = state.database.aspiration_secret().await?;
    let issued = state.clock.now_millis();
    let body = format!("{issued}.{}", hex(&random_bytes::<8>()?));
    let nonce = format!("{body}.{}", challenge_signature(&secret, &body));
    Ok(Json(AspirationChallenge {
        nonce,
        difficulty: state.settings.limits.aspiration_challenge_difficulty,
        expires_at: crate::auth::clock::timestamp(issued + CHALLENGE_VALID_SECONDS * 1000),
    }))
}

fn rate_limited(wait_millis: u64) -> Response {
    let mut response = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "aspiration_rate_limited",
        "Terlalu banyak aspirasi dikirim dari alamat jaringan ini. Coba lagi nanti.",
        None,
        &[],
    );
    let seconds = wait_millis.div_ceil(1000).max(1);
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

async fn active_unit(state: &AppState, unit_code: &str) -> Result<Option<UnitRow>, ApiError> {
    if unit_code.is_empty() || unit_code.len() > MAX_ID_LENGTH {
        return Ok(None);
    }
    Ok(state.database.unit_by_code(unit_code).await?.filter(|unit| unit.active))
}

/// `POST /api/v1/aspirations`.
#[tracing::instrument(skip_all)]
pub async fn submit(
    State(state): State<AppState>,
    principal: Principal,
    address: ClientAddress,
    ApiJson(submission): ApiJson<AspirationSubmission>,
) -> Result<Response, ApiError> {
    let now = state.clock.now_millis();
    if let Some(address) = &address.0 {
        let limit = state.settings.limits.aspiration_submissions_per_hour;
        let key = format!("aspirasi:ip:{address}");
        if let Err(wait) = state.database.count_aspiration_submission(&key, limit, now).await? {
            return Ok(rate_limited(wait));
        }
    }
    let submitted_at = crate::auth::clock::timestamp(now);
    if submission.website.as_deref().is_some_and(|value| !value.trim().is_empty()) {
        // The honeypot is filled: only a program sees that field. It is told what a person is
        // told, with a code that follows nothing, and nothing is stored.
        tracing::info!("aspiration honeypot filled; nothing stored");
        let receipt = AspirationReceipt { code: new_receipt_code()?, status: AspirationStatus::Pending, submitted_at };
        return Ok((StatusCode::CREATED, Json(receipt)).into_response());
    }
    let mut problems = Vec::new();
    let unit = active_unit(&state, submission.unit_code.trim()).await?;
    if unit.is_none() {
        problems.push(Problem::new(
            "aspiration_unit_unknown",
            format!("Unit `{}` tidak ditemukan.", shorten(&submission.unit_code)),
            Some("unit_code".to_owned()),
        ));
    }
    let text = match checked_text(
        &submission.text,
        MAX_TEXT_CHARS,
        "text",
        "aspiration_text_empty",
        "aspiration_text_too_long",
        "Isi aspirasi",
    ) {
        Ok(text) => Some(text),
        Err(ApiError::Invalid(found)) => {
            problems.extend(found);
            None
        }
        Err(other) => return Err(other),
    };
    let contact = submission.contact.as_deref().map(str::trim).filter(|contact| !contact.is_empty());
    if let Some(contact) = contact
        && (contact.chars().count() > MAX_CONTACT_CHARS || !contact_looks_usable(contact))
    {
        problems.push(Problem::new(
            "aspiration_contact_invalid",
            "Kontak harus berupa alamat email atau nomor telepon (boleh dikosongkan).",
            Some("contact".to_owned()),
        ));
    }
    let secret = state.database.aspiration_secret().await?;
    let difficulty = state.settings.limits.aspiration_challenge_difficulty;
    if !challenge_valid(&secret, &submission.nonce, now)
        || !challenge_solved(&submission.nonce, submission.counter, difficulty)
    {
        problems.push(Problem::new(
            "aspiration_challenge_invalid",
            "Pemeriksaan anti-spam tidak valid atau kedaluwarsa. Muat ulang formulir, lalu kirim lagi.",
            Some("nonce".to_owned()),
        ));
    }
    let (Some(unit), Some(text), true) = (unit, text, problems.is_empty()) else {
        return Err(ApiError::Invalid(problems));
    };
    let self_post = match principal.user() {
        Some(user) => {
            matches!((&user.role, &user.scope), (Role::UnitAdmin, Scope::Unit(own)) if own.as_str() == unit.code)
        }
        None => false,
    };
    let code = new_receipt_code()?;
    let key = text_key(&text);
    let new = NewAspiration {
        code: &code,
        unit_id: &unit.id,
        category: submission.category.code(),
        text: &text,
        text_key: &key,
        self_post,
        submitted_at: &submitted_at,
        submitted_ms: i64::try_from(now).unwrap_or(i64::MAX),
        nonce: &submission.nonce,
        contact,
        client_address: address.0.as_deref(),
    };
    match state.database.store_aspiration(&new, retention_before(&state)).await? {
        StoreOutcome::Stored => {
            let receipt = AspirationReceipt { code, status: AspirationStatus::Pending, submitted_at };
            Ok((StatusCode::CREATED, Json(receipt)).into_response())
        }
        StoreOutcome::Duplicate => Err(conflict(
            "aspiration_duplicate",
            "Aspirasi dengan isi yang sama sudah diterima unit ini. Ikuti aspirasi tersebut dengan kode tandanya.",
        )),
        StoreOutcome::ChallengeUsed => Err(invalid(
            "aspiration_challenge_invalid",
            "Pemeriksaan anti-spam ini sudah dipakai. Muat ulang formulir, lalu kirim lagi.",
            "nonce",
        )),
    }
}

fn status_of(row: &AspirationRow) -> Result<AspirationStatus, ApiError> {
    AspirationStatus::parse(&row.status)
        .ok_or_else(|| anyhow::anyhow!("stored aspiration status `{}`", row.status).into())
}

fn category_of(row: &AspirationRow) -> Result<AspirationCategory, ApiError> {
    AspirationCategory::parse(&row.category)
        .ok_or_else(|| anyhow::anyhow!("stored aspiration category `{}`", row.category).into())
}

async fn holiday_set(state: &AppState) -> Result<BTreeSet<i64>, ApiError> {
    Ok(state.database.aspiration_holidays().await?.iter().filter_map(|(day, _)| measures::parse_day(day)).collect())
}

/// A message as the public sees it. The answer is shown only once the message is published
/// (or to its sender, in the follow view).
fn public_view(row: AspirationRow, holidays: &BTreeSet<i64>, follow: bool) -> Result<AspirationPublic, ApiError> {
    let status = status_of(&row)?;
    let category = category_of(&row)?;
    let response_working_days = measures::response_days(row.submitted_ms, row.first_answered_ms, holidays);
    let hidden_reason = if follow && status == AspirationStatus::Hidden { row.hidden_reason } else { None };
    Ok(AspirationPublic {
        code: row.code,
        unit_code: row.unit_code,
        unit_name: row.unit_name,
        category,
        text: row.text,
        status,
        submitted_at: row.submitted_at,
        published_at: row.published_at,
        answer: row.answer,
        answered_at: row.answered_at,
        response_working_days,
        hidden_reason,
    })
}

/// `GET /api/v1/aspirations/{code}`.
#[tracing::instrument(skip(state))]
pub async fn follow(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<AspirationPublic>, ApiError> {
    let Some(code) = normalise_receipt(&code) else { return Err(not_found_message()) };
    let Some(row) = state.database.aspiration_by_code(&code, false).await? else { return Err(not_found_message()) };
    let holidays = holiday_set(&state).await?;
    Ok(Json(public_view(row, &holidays, true)?))
}

/// `GET /api/v1/aspirations/units/{unit_code}`.
#[tracing::instrument(skip(state))]
pub async fn unit_list(
    State(state): State<AppState>,
    ApiPath(unit_code): ApiPath<String>,
) -> Result<Json<AspirationPublicList>, ApiError> {
    let Some(unit) = active_unit(&state, &unit_code).await? else { return Err(unit_not_found(&unit_code)) };
    let holidays = holiday_set(&state).await?;
    let messages = state
        .database
        .published_aspirations(&unit.id)
        .await?
        .into_iter()
        .map(|row| public_view(row, &holidays, false))
        .collect::<Result<Vec<_>, _>>()?;
    let answered_days: Vec<Option<u32>> = messages
        .iter()
        .filter(|message| message.response_working_days.is_some())
        .map(|message| message.response_working_days)
        .collect();
    let answered = u32::try_from(answered_days.len()).unwrap_or(u32::MAX);
    // The whole-day median (rounded down) of the answered ones.
    let median = measures::unit_measure(&answered_days, 0)
        .median_halves
        .map(|halves| u32::try_from(halves / 2).unwrap_or(u32::MAX));
    Ok(Json(AspirationPublicList {
        unit_code: unit.code,
        unit_name: unit.name,
        messages,
        answered,
        median_response_working_days: median,
    }))
}

/// The unit a unit admin may act for (`None` for administrators: every unit).
fn own_unit(principal: &Principal) -> Result<Option<String>, ApiError> {
    let user = require_role(principal, &[Role::Admin, Role::UnitAdmin])?;
    match (&user.role, &user.scope) {
        (Role::Admin, _) => Ok(None),
        (Role::UnitAdmin, Scope::Unit(own)) => Ok(Some(own.as_str().to_owned())),
        _ => Err(crate::auth::roles::forbidden()),
    }
}

async fn staff_view(state: &AppState, row: AspirationRow) -> Result<AspirationModerationItem, ApiError> {
    let status = status_of(&row)?;
    let category = category_of(&row)?;
    let history = state
        .database
        .aspiration_history(row.seq)
        .await?
        .into_iter()
        .map(|record| {
            let event = AspirationEvent::parse(&record.event)
                .ok_or_else(|| anyhow::anyhow!("stored aspiration event `{}`", record.event))?;
            Ok(AspirationHistoryRecord { event, actor: record.actor, note: record.note, at: record.at })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(AspirationModerationItem {
        code: row.code,
        unit_code: row.unit_code,
        unit_name: row.unit_name,
        category,
        text: row.text,
        status,
        submitted_at: row.submitted_at,
        contact: row.contact,
        self_post: row.self_post,
        answer: row.answer,
        answered_at: row.answered_at,
        answered_by: row.answered_by,
        hidden_reason: row.hidden_reason,
        history,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationQuery {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub unit_code: Option<String>,
}

/// `GET /api/v1/admin/aspirations`.
#[tracing::instrument(skip(state, principal))]
pub async fn moderation_list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ModerationQuery>,
) -> Result<Json<AspirationModerationList>, ApiError> {
    let own = own_unit(&principal)?;
    let status = query.status.as_deref().map(str::trim).filter(|status| !status.is_empty());
    if let Some(status) = status
        && AspirationStatus::parse(status).is_none()
    {
        return Err(invalid(
            "aspiration_status_unknown",
            format!(
                "Status `{}` tidak dikenal; pilih menunggu, diterbitkan, disembunyikan atau spam.",
                shorten(status)
            ),
            "status",
        ));
    }
    let unit_code = query.unit_code.as_deref().map(str::trim).filter(|code| !code.is_empty()).map(str::to_owned);
    let unit_code = match (own, unit_code) {
        (Some(own), Some(asked)) if own != asked => return Err(crate::auth::roles::forbidden()),
        (Some(own), _) => Some(own),
        (None, asked) => asked,
    };
    let unit_id = match &unit_code {
        Some(code) => match state.database.unit_by_code(code).await? {
            Some(unit) => Some(unit.id),
            None => return Err(unit_not_found(code)),
        },
        None => None,
    };
    let rows = state.database.aspirations_for_staff(unit_id.as_deref(), status).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(staff_view(&state, row).await?);
    }
    Ok(Json(AspirationModerationList { items }))
}

async fn message_for_staff(state: &AppState, code: &str) -> Result<AspirationRow, ApiError> {
    let Some(code) = normalise_receipt(code) else { return Err(not_found_message()) };
    state.database.aspiration_by_code(&code, true).await?.ok_or_else(not_found_message)
}

/// `POST /api/v1/admin/aspirations/{code}/moderation`.
#[tracing::instrument(skip(state, principal, request))]
pub async fn moderate(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(code): ApiPath<String>,
    ApiJson(request): ApiJson<AspirationModerationRequest>,
) -> Result<Json<AspirationModerationItem>, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let reason = request.reason.as_deref().map(str::trim).filter(|reason| !reason.is_empty());
    let (status, reason) = match request.action {
        AspirationAction::Publish => (AspirationStatus::Published, None),
        AspirationAction::Spam => (AspirationStatus::Spam, reason),
        AspirationAction::Hide => {
            let Some(reason) = reason else {
                return Err(invalid(
                    "aspiration_reason_required",
                    "Tuliskan alasan menyembunyikan aspirasi ini.",
                    "reason",
                ));
            };
            (AspirationStatus::Hidden, Some(reason))
        }
    };
    if let Some(reason) = reason {
        checked_text(
            reason,
            MAX_REASON_CHARS,
            "reason",
            "aspiration_reason_required",
            "aspiration_reason_too_long",
            "Alasan",
        )?;
    }
    let row = message_for_staff(&state, &code).await?;
    let step = Step::Status { status: status.code(), reason };
    state.database.step_aspiration(row.seq, &step, &user.username, &state.now(), retention_before(&state)).await?;
    let row = message_for_staff(&state, &row.code).await?;
    Ok(Json(staff_view(&state, row).await?))
}

/// `POST /api/v1/admin/aspirations/{code}/answer`.
#[tracing::instrument(skip(state, principal, request))]
pub async fn answer(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(code): ApiPath<String>,
    ApiJson(request): ApiJson<AspirationAnswerRequest>,
) -> Result<Json<AspirationModerationItem>, ApiError> {
    let own = own_unit(&principal)?;
    let user = require_role(&principal, &[Role::Admin, Role::UnitAdmin])?;
    let text = checked_text(
        &request.text,
        MAX_TEXT_CHARS,
        "text",
        "aspiration_answer_empty",
        "aspiration_answer_too_long",
        "Jawaban",
    )?;
    let row = message_for_staff(&state, &code).await?;
    if own.is_some_and(|own| own != row.unit_code) {
        return Err(crate::auth::roles::forbidden());
    }
    if row.status == AspirationStatus::Spam.code() {
        return Err(conflict("aspiration_not_answerable", "Aspirasi yang ditandai spam tidak dapat dijawab."));
    }
    let step = Step::Answer { text: &text, now_millis: now_millis(&state) };
    state.database.step_aspiration(row.seq, &step, &user.username, &state.now(), retention_before(&state)).await?;
    let row = message_for_staff(&state, &row.code).await?;
    Ok(Json(staff_view(&state, row).await?))
}

/// `GET /api/v1/admin/aspiration-holidays`.
#[tracing::instrument(skip(state, principal))]
pub async fn holidays(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<AspirationHolidays>, ApiError> {
    require_role(&principal, &[Role::Admin, Role::UnitAdmin, Role::Owner, Role::Viewer])?;
    let holidays = state
        .database
        .aspiration_holidays()
        .await?
        .into_iter()
        .map(|(date, name)| AspirationHoliday { date, name })
        .collect();
    Ok(Json(AspirationHolidays { holidays }))
}

/// `PUT /api/v1/admin/aspiration-holidays`.
#[tracing::instrument(skip(state, principal, request))]
pub async fn replace_holidays(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(request): ApiJson<AspirationHolidays>,
) -> Result<Json<AspirationHolidays>, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for (index, holiday) in request.holidays.iter().enumerate() {
        let date = holiday.date.trim();
        let name = holiday.name.trim();
        match measures::parse_day(date) {
            None => problems.push(Problem::new(
                "holiday_date_invalid",
                format!("Tanggal `{}` bukan tanggal yang valid (format TTTT-BB-HH).", shorten(date)),
                Some(format!("holidays[{index}].date")),
            )),
            Some(day) if !seen.insert(day) => problems.push(Problem::new(
                "holiday_duplicate",
                format!("Tanggal {date} tercantum lebih dari sekali."),
                Some(format!("holidays[{index}].date")),
            )),
            Some(_) => {}
        }
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            problems.push(Problem::new(
                "holiday_name_invalid",
                "Nama hari libur harus diisi, paling banyak 200 karakter.",
                Some(format!("holidays[{index}].name")),
            ));
        }
        rows.push((date.to_owned(), name.to_owned()));
    }
    if rows.len() > 1000 {
        problems.push(Problem::new("holidays_too_many", "Paling banyak 1000 hari libur.", Some("holidays".to_owned())));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    rows.sort();
    state.database.replace_aspiration_holidays(&rows, &state.now()).await?;
    let holidays = rows.into_iter().map(|(date, name)| AspirationHoliday { date, name }).collect();
    Ok(Json(AspirationHolidays { holidays }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuresQuery {
    #[serde(default)]
    pub population: Option<String>,
    #[serde(default)]
    pub working_days: Option<String>,
}

fn working_days_of(value: Option<u32>) -> Result<u32, ApiError> {
    match value {
        None => Ok(DEFAULT_WORKING_DAYS),
        Some(days) if (1..=60).contains(&days) => Ok(days),
        Some(_) => Err(invalid("working_days_invalid", "Batas hari kerja harus 1 sampai 60.", "working_days")),
    }
}

/// `GET /api/v1/periods/{period_id}/aspiration-measures`.
#[tracing::instrument(skip(state, principal))]
pub async fn measures(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<MeasuresQuery>,
) -> Result<Json<AspirationMeasures>, ApiError> {
    let period = visible_period_for(&state, &principal, &period_id, None).await?;
    let population = query.population.as_deref().map(str::trim).unwrap_or_default().to_owned();
    if population.is_empty()
        || population.len() > MAX_ID_LENGTH
        || state.database.period_rubric(&period.id, &population).await?.is_none()
    {
        return Err(ApiError::Missing {
            code: "population_not_found",
            message: format!("Populasi `{}` tidak dinilai pada periode ini.", shorten(&population)),
        });
    }
    let working_days = match query.working_days.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        None => DEFAULT_WORKING_DAYS,
        Some(text) => working_days_of(Some(text.parse::<u32>().unwrap_or(0)))?,
    };
    let responses = state.database.aspiration_responses(&period.id, &population).await?;
    let units = state.database.aspiration_population_units(&population).await?;
    let units = units
        .into_iter()
        .map(|unit| {
            let unit_responses = responses.by_unit.get(&unit.id).map(Vec::as_slice).unwrap_or(&[]);
            let measure = measures::unit_measure(unit_responses, working_days);
            AspirationUnitMeasures {
                unit_code: unit.code,
                unit_name: unit.name,
                counted: measure.counted,
                answered_in_time: measure.answered_in_time,
                response_rate: measure.rate_hundredths.map(|value| wire_number(&measures::format_hundredths(value))),
                median_response_days: measure.median_halves.map(|value| wire_number(&measures::format_halves(value))),
            }
        })
        .collect();
    Ok(Json(AspirationMeasures {
        period_id: period.id,
        population,
        working_days,
        window_start: measures::format_day(responses.window.0),
        window_end: measures::format_day(responses.window.1),
        frozen: responses.frozen,
        units,
    }))
}

fn wire_number(text: &str) -> engine::wire::WireNumber {
    engine::json::parse(text).ok().and_then(|json| engine::wire::WireNumber::from_json(&json)).unwrap_or_else(|| {
        engine::wire::WireNumber::from_json(&engine::json::Json::Number("0".to_owned())).expect("0 is a number")
    })
}

fn binding_view(row: BindingRow) -> Result<AspirationBinding, ApiError> {
    let measure =
        AspirationMeasure::parse(&row.measure).ok_or_else(|| anyhow::anyhow!("stored measure `{}`", row.measure))?;
    Ok(AspirationBinding {
        period_id: row.period_id,
        population: row.population,
        indicator: row.indicator_code,
        measure,
        working_days: u32::try_from(row.working_days).unwrap_or(DEFAULT_WORKING_DAYS),
    })
}

/// The bindings of a period's population (for the entries page).
pub async fn bindings_of(
    state: &AppState,
    period_id: &str,
    population: &str,
) -> Result<Vec<AspirationBinding>, ApiError> {
    state
        .database
        .aspiration_bindings(period_id)
        .await?
        .into_iter()
        .filter(|row| row.population == population)
        .map(binding_view)
        .collect()
}

/// Why a write to a computed indicator is refused.
pub const COMPUTED_MESSAGE: &str =
    "Nilai indikator ini dihitung dari layanan aspirasi dan tidak dapat diisi atau diubah secara manual.";

/// Whether `indicator` of `unit_code` is computed in a period whose bindings are `bindings` (read
/// once per request with `Database::aspiration_bindings`).
pub async fn is_computed(
    state: &AppState,
    bindings: &[BindingRow],
    unit_code: &str,
    indicator: &str,
) -> Result<bool, ApiError> {
    if !bindings.iter().any(|binding| binding.indicator_code == indicator) || unit_code.len() > MAX_ID_LENGTH {
        return Ok(false);
    }
    let Some(unit) = state.database.unit_by_code(unit_code).await? else { return Ok(false) };
    Ok(bindings.iter().any(|binding| binding.indicator_code == indicator && binding.population == unit.population))
}

/// The 409 of a write to a computed indicator.
pub fn computed_refusal() -> ApiError {
    conflict("indicator_computed", COMPUTED_MESSAGE)
}

/// An import plan without the cells of computed indicators: a cell equal to the stored computed
/// value is left out (an exported sheet imports back unchanged); any other is refused, once per
/// indicator, so nothing of the file is written.
pub async fn without_computed(
    state: &AppState,
    period_id: &str,
    population: &str,
    mut plan: crate::imports::ImportPlan,
) -> Result<crate::imports::ImportPlan, ApiError> {
    let computed: BTreeSet<String> =
        bindings_of(state, period_id, population).await?.into_iter().map(|binding| binding.indicator).collect();
    if computed.is_empty() {
        return Ok(plan);
    }
    let stored: std::collections::HashMap<(String, String), String> = state
        .database
        .population_entries(period_id, population)
        .await?
        .into_iter()
        .filter(|entry| computed.contains(&entry.indicator_code))
        .map(|entry| ((entry.unit_id, entry.indicator_code), entry.value_json))
        .collect();
    let mut refused = BTreeSet::new();
    let values = std::mem::take(&mut plan.values);
    for value in values {
        if !computed.contains(&value.indicator_code) {
            plan.values.push(value);
        } else if stored.get(&(value.unit_id.clone(), value.indicator_code.clone())) != Some(&value.value_json)
            && refused.insert(value.indicator_code.clone())
        {
            plan.problems.push(crate::imports::ImportProblem {
                row: 0,
                column: Some(value.indicator_code.clone()),
                code: "indicator_computed".to_owned(),
                message: format!("{}: {COMPUTED_MESSAGE}", value.indicator_code),
            });
        }
    }
    Ok(plan)
}

/// `GET /api/v1/periods/{period_id}/aspiration-bindings`.
#[tracing::instrument(skip(state, principal))]
pub async fn bindings(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(period_id): ApiPath<String>,
) -> Result<Json<AspirationBindings>, ApiError> {
    let period = visible_period_for(&state, &principal, &period_id, None).await?;
    let bindings = state
        .database
        .aspiration_bindings(&period.id)
        .await?
        .into_iter()
        .map(binding_view)
        .collect::<Result<_, _>>()?;
    Ok(Json(AspirationBindings { bindings }))
}

/// The period (draft or open), and the rubric checker of the population, for a binding change.
async fn bindable(
    state: &AppState,
    principal: &Principal,
    period_id: &str,
    population: &str,
    indicator: &str,
) -> Result<(crate::storage::PeriodRow, ValueChecker), ApiError> {
    let period = visible_period_for(state, principal, period_id, None).await?;
    if !matches!(period.state, PeriodState::Draft | PeriodState::Open) {
        return Err(conflict(
            "period_closed",
            "Periode ini sudah ditutup; nilai yang dihitung sudah dibekukan dan keterikatannya tidak dapat diubah.",
        ));
    }
    let rubric = if population.len() > MAX_ID_LENGTH {
        None
    } else {
        state.database.period_rubric(&period.id, population).await?
    };
    let Some(rubric_version_id) = rubric else {
        return Err(ApiError::Missing {
            code: "population_not_found",
            message: format!("Populasi `{}` tidak dinilai pada periode ini.", shorten(population)),
        });
    };
    let rubric = state
        .database
        .rubric_version(&rubric_version_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("rubric version {rubric_version_id} is missing"))?;
    let checker = ValueChecker::new(&rubric.document)?;
    if !checker.has_indicator(indicator) {
        return Err(ApiError::Missing {
            code: "indicator_not_found",
            message: format!("Indikator `{}` tidak ada pada rubrik populasi ini.", shorten(indicator)),
        });
    }
    Ok((period, checker))
}

/// `PUT /api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}`.
#[tracing::instrument(skip(state, principal, request))]
pub async fn put_binding(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((period_id, population, indicator)): ApiPath<(String, String, String)>,
    ApiJson(request): ApiJson<AspirationBindingRequest>,
) -> Result<Json<AspirationBinding>, ApiError> {
    let user = require_role(&principal, &[Role::Admin])?;
    let working_days = working_days_of(request.working_days)?;
    let (period, checker) = bindable(&state, &principal, &period_id, &population, &indicator).await?;
    if checker.check_json(&indicator, "50").is_err() && checker.check_json(&indicator, "1").is_err() {
        return Err(ApiError::BadRequest {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "binding_measure_unfit",
            message: format!(
                "Indikator `{}` tidak menerima angka, sehingga tidak dapat diisi dari layanan aspirasi.",
                shorten(&indicator)
            ),
        });
    }
    let row = BindingRow {
        period_id: period.id,
        population,
        indicator_code: indicator,
        measure: request.measure.code().to_owned(),
        working_days: i64::from(working_days),
    };
    state.database.put_aspiration_binding(&row, &user.username, &state.now()).await?;
    Ok(Json(binding_view(row)?))
}

/// `DELETE /api/v1/periods/{period_id}/aspiration-bindings/{population}/{indicator}`.
#[tracing::instrument(skip(state, principal))]
pub async fn delete_binding(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((period_id, population, indicator)): ApiPath<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    require_role(&principal, &[Role::Admin])?;
    let (period, _) = bindable(&state, &principal, &period_id, &population, &indicator).await?;
    if state.database.delete_aspiration_binding(&period.id, &population, &indicator).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Missing {
            code: "binding_not_found",
            message: "Indikator ini tidak terikat ke layanan aspirasi.".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_texts_compare_without_case_spacing_or_punctuation() {
        assert_eq!(text_key("  Jalan  RUSAK di depan kantor!! "), "jalan rusak di depan kantor");
        assert_eq!(text_key("Jalan rusak, di depan kantor"), text_key("jalan rusak di depan kantor."));
    }

    #[test]
    fn contacts_are_emails_or_phone_numbers() {
        assert!(contact_looks_usable("warga@contoh.id"));
        assert!(contact_looks_usable("+62 812-3456-7890"));
        assert!(!contact_looks_usable("warga@"));
        assert!(!contact_looks_usable("hubungi saya"));
        assert!(!contact_looks_usable("12345"));
    }

    #[test]
    fn a_challenge_is_valid_only_signed_and_fresh() {
        let body = "1000000.abcdef0123456789";
        let nonce = format!("{body}.{}", challenge_signature("secret", body));
        assert!(challenge_valid("secret", &nonce, 1_000_000));
        assert!(!challenge_valid("other", &nonce, 1_000_000));
        assert!(!challenge_valid("secret", &nonce, 1_000_000 + CHALLENGE_VALID_SECONDS * 1000 + 1));
        assert!(!challenge_valid("secret", "1000000.abcdef0123456789.000000", 1_000_000));
        assert!(!challenge_valid("secret", "nonsense", 1_000_000));
    }
}

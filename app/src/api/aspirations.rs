//! The citizens' aspiration service (`/api/v1/aspirations*`, `/api/v1/admin/aspiration*`,
//! `/api/v1/periods/{p}/aspiration-*`). Every answer is the contract's type
//! (`contract::aspirations`), read with its reader.
//!
//! Nothing here is cached locally: a citizen's message and the staff's inbox must not outlive
//! the page in the browser, and a receipt is only worth its current status.

use gloo_net::http::Method;

use super::json::{self, FromJson, ToJson};
use super::send::{Answer, get, send};
use crate::simulation::encode_query_value;

pub use contract::aspirations::{
    AspirationAction, AspirationAnswerRequest, AspirationBinding, AspirationBindingRequest, AspirationBindings,
    AspirationCategory, AspirationChallenge, AspirationEvent, AspirationHoliday, AspirationHolidays, AspirationMeasure,
    AspirationMeasures, AspirationModerationItem, AspirationModerationList, AspirationModerationRequest,
    AspirationPublic, AspirationPublicList, AspirationReceipt, AspirationStatus, AspirationSubmission, AspirationUnit,
    AspirationUnits,
};

/// Why a call failed: the HTTP status (0 without an answer), the server's message and the
/// request member it names (`text`, `contact`, …), so a form shows it next to that field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    /// `Retry-After` in seconds (a 429).
    pub retry_after_seconds: Option<u32>,
    /// Every problem of a refused request, each with the member it names (several may come at
    /// once); empty when the answer names none.
    pub problems: Vec<super::admin::Problem>,
}

impl Failure {
    fn from_answer(answer: Result<Answer, String>) -> Failure {
        match answer {
            Ok(answer) => {
                let error = answer.error();
                // An empty `problems` list reads as the one message without a field: that is
                // the failure itself, placed by its code.
                let mut problems = super::admin::refusal(&Ok(answer.clone()), crate::i18n::Lang::Id);
                if problems.iter().all(|(field, _)| field.is_none()) {
                    problems.clear();
                }
                Failure {
                    status: answer.status,
                    code: error.code,
                    message: error.message,
                    field: error.field,
                    retry_after_seconds: answer.retry_after_seconds,
                    problems,
                }
            }
            Err(network) => Failure {
                status: 0,
                code: "network".into(),
                message: network,
                field: None,
                retry_after_seconds: None,
                problems: Vec::new(),
            },
        }
    }

    fn unreadable(error: json::ReadError) -> Failure {
        Failure {
            problems: Vec::new(),
            status: 200,
            code: "unreadable".into(),
            message: error.message(),
            field: None,
            retry_after_seconds: None,
        }
    }

    /// The member of the request the failure is about, without a leading path (`body.text` → `text`).
    pub fn field_name(&self) -> Option<&str> {
        self.field.as_deref().map(|field| field.rsplit('.').next().unwrap_or(field))
    }
}

fn read<T: FromJson>(answer: Result<Answer, String>) -> Result<T, Failure> {
    match answer {
        Ok(answer) if answer.ok() => json::from_str(&answer.text).map_err(Failure::unreadable),
        other => Err(Failure::from_answer(other)),
    }
}

fn done(answer: Result<Answer, String>) -> Result<(), Failure> {
    match answer {
        Ok(answer) if answer.ok() => Ok(()),
        other => Err(Failure::from_answer(other)),
    }
}

/// The units a citizen may write to (active ones, by name): the contract's list.
///
/// # Errors
/// The server's refusal or the network error.
pub async fn units() -> Result<Vec<AspirationUnit>, Failure> {
    read::<AspirationUnits>(get("/api/v1/aspirations/units").await).map(|list| list.units)
}

/// A fresh challenge for one submission.
///
/// # Errors
/// The server's refusal or the network error.
pub async fn challenge() -> Result<AspirationChallenge, Failure> {
    read(get("/api/v1/aspirations/challenge").await)
}

/// Sends a citizen's message; answers its receipt.
///
/// # Errors
/// The server's refusal (a field's problem, throttling, a duplicate) or the network error.
pub async fn submit(submission: &AspirationSubmission) -> Result<AspirationReceipt, Failure> {
    read(send(Method::POST, "/api/v1/aspirations", Some(&submission.to_json()), None).await)
}

/// The follow view of a message by its receipt code.
///
/// # Errors
/// 404 for an unknown code, or the network error.
pub async fn follow(receipt_code: &str) -> Result<AspirationPublic, Failure> {
    read(get(&format!("/api/v1/aspirations/{}", encode_query_value(receipt_code))).await)
}

/// A unit's published messages and answers.
///
/// # Errors
/// 404 for an unknown unit, or the network error.
pub async fn unit_messages(unit_code: &str) -> Result<AspirationPublicList, Failure> {
    read(get(&format!("/api/v1/aspirations/units/{}", encode_query_value(unit_code))).await)
}

/// The staff inbox, optionally narrowed to one status.
///
/// # Errors
/// 401/403 for visitors and roles without an inbox, or the network error.
pub async fn inbox(status: Option<AspirationStatus>) -> Result<AspirationModerationList, Failure> {
    let url = match status {
        Some(status) => format!("/api/v1/admin/aspirations?status={}", status.code()),
        None => "/api/v1/admin/aspirations".to_owned(),
    };
    read(get(&url).await)
}

/// Publishes, hides (with a reason) or marks a message as spam; answers the message as it is now.
///
/// # Errors
/// The server's refusal (a missing reason, not an administrator) or the network error.
pub async fn moderate(
    receipt_code: &str,
    action: AspirationAction,
    reason: Option<String>,
) -> Result<AspirationModerationItem, Failure> {
    let body = AspirationModerationRequest { action, reason }.to_json();
    let url = format!("/api/v1/admin/aspirations/{}/moderation", encode_query_value(receipt_code));
    read(send(Method::POST, &url, Some(&body), None).await)
}

/// Records the unit's answer to a message; answers the message as it is now.
///
/// # Errors
/// The server's refusal (empty, too long, another unit) or the network error.
pub async fn answer(receipt_code: &str, text: String) -> Result<AspirationModerationItem, Failure> {
    let body = AspirationAnswerRequest { text }.to_json();
    let url = format!("/api/v1/admin/aspirations/{}/answer", encode_query_value(receipt_code));
    read(send(Method::POST, &url, Some(&body), None).await)
}

/// The holiday list.
///
/// # Errors
/// The server's refusal or the network error.
pub async fn holidays() -> Result<AspirationHolidays, Failure> {
    read(get("/api/v1/admin/aspiration-holidays").await)
}

/// Replaces the holiday list.
///
/// # Errors
/// The server's refusal (a wrong date, a duplicate) or the network error.
pub async fn save_holidays(list: &AspirationHolidays) -> Result<AspirationHolidays, Failure> {
    read(send(Method::PUT, "/api/v1/admin/aspiration-holidays", Some(&list.to_json()), None).await)
}

/// Every unit's response measures of a period's population, with N working days.
///
/// # Errors
/// The server's refusal (N out of range, a period the caller may not see) or the network error.
pub async fn measures(period_id: &str, population: &str, working_days: u32) -> Result<AspirationMeasures, Failure> {
    read(
        get(&format!(
            "/api/v1/periods/{}/aspiration-measures?population={}&working_days={working_days}",
            encode_query_value(period_id),
            encode_query_value(population)
        ))
        .await,
    )
}

/// A period's bound indicators.
///
/// # Errors
/// The server's refusal or the network error.
pub async fn bindings(period_id: &str) -> Result<AspirationBindings, Failure> {
    read(get(&format!("/api/v1/periods/{}/aspiration-bindings", encode_query_value(period_id))).await)
}

fn binding_url(period_id: &str, population: &str, indicator: &str) -> String {
    format!(
        "/api/v1/periods/{}/aspiration-bindings/{}/{}",
        encode_query_value(period_id),
        encode_query_value(population),
        encode_query_value(indicator)
    )
}

/// Binds an indicator of a period × population to a measure.
///
/// # Errors
/// The server's refusal (unknown indicator, closed period, N out of range) or the network error.
pub async fn bind(
    period_id: &str,
    population: &str,
    indicator: &str,
    request: &AspirationBindingRequest,
) -> Result<(), Failure> {
    done(send(Method::PUT, &binding_url(period_id, population, indicator), Some(&request.to_json()), None).await)
}

/// Removes a binding.
///
/// # Errors
/// The server's refusal or the network error.
pub async fn unbind(period_id: &str, population: &str, indicator: &str) -> Result<(), Failure> {
    done(send(Method::DELETE, &binding_url(period_id, population, indicator), None, None).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_keeps_the_servers_message_and_field() {
        let failure = Failure::from_answer(Ok(Answer {
            status: 400,
            text: r#"{"error":{"code":"text_too_long","message":"Isi aspirasi paling banyak 2.000 karakter.","field":"text"}}"#
                .into(),
            retry_after_seconds: None,
        }));
        assert_eq!(failure.code, "text_too_long");
        assert_eq!(failure.field_name(), Some("text"));
        let duplicate = Failure::from_answer(Ok(Answer {
            status: 409,
            text: r#"{"error":{"code":"aspiration_duplicate","message":"Aspirasi dengan isi yang sama sudah diterima.","field":null,"problems":[]}}"#.into(),
            retry_after_seconds: None,
        }));
        assert!(duplicate.problems.is_empty());
        assert_eq!(
            crate::components::aspiration::Field::of_failure(&duplicate),
            crate::components::aspiration::Field::Text
        );
        let several = Failure::from_answer(Ok(Answer {
            status: 422,
            text: r#"{"error":{"code":"invalid_request","message":"ada 2 masalah","field":null,"problems":[
                {"code":"aspiration_text_empty","message":"Isi aspirasi tidak boleh kosong.","field":"text"},
                {"code":"aspiration_contact_invalid","message":"Kontak harus berupa alamat email atau nomor telepon.","field":"contact"}]}}"#
                .into(),
            retry_after_seconds: None,
        }));
        assert_eq!(several.problems.len(), 2);
        assert_eq!(several.problems[1].0.as_deref(), Some("contact"));
        let network = Failure::from_answer(Err("offline".into()));
        assert_eq!((network.status, network.field_name()), (0, None));
    }

    #[test]
    fn a_receipt_is_read_with_the_contracts_reader() {
        let receipt: AspirationReceipt = read(Ok(Answer {
            status: 201,
            text: r#"{"code":"7KQ2M-XR9PD","status":"menunggu","submitted_at":"2026-12-03T01:02:03Z"}"#.into(),
            retry_after_seconds: None,
        }))
        .unwrap();
        assert_eq!(receipt.code, "7KQ2M-XR9PD");
        assert_eq!(receipt.status, AspirationStatus::Pending);
    }
}

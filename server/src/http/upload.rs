//! Evidence uploads: one multipart field `file`, checked by size and by content. Shared by the
//! entries' evidence and the policy monitor's stage evidence.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;

use crate::error::{ApiError, Problem};
use crate::startup::AppState;

/// Largest evidence file.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// What a file is, by its first bytes (never by its name or declared type).
pub fn sniff_file_type(content: &[u8]) -> Option<(&'static str, &'static str)> {
    if content.starts_with(b"%PDF-") {
        return Some(("application/pdf", "pdf"));
    }
    if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("image/png", "png"));
    }
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(("image/jpeg", "jpg"));
    }
    if content.starts_with(b"PK\x03\x04") && contains(content, b"[Content_Types].xml") && contains(content, b"xl/") {
        return Some((crate::results::XLSX_CONTENT_TYPE, "xlsx"));
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// A file name safe to store and show: the last path part, no control characters, ≤ 200 chars.
fn clean_file_name(name: &str, extension: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|character| !character.is_control()).take(200).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() { format!("bukti.{extension}") } else { cleaned }
}

/// An evidence file as uploaded, read and checked ([`read_evidence_upload`]).
pub(crate) struct UploadedFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub sha256: String,
    pub content: Vec<u8>,
}

/// Reads the multipart field `file` of an evidence upload and checks it: at most
/// [`MAX_EVIDENCE_BYTES`] (413), PDF, PNG, JPEG or XLSX by content (415). Shared by the entries'
/// evidence and the policy monitor's stage evidence (`crate::policy::routes`).
pub(crate) async fn read_evidence_upload(request: Request, state: &AppState) -> Result<UploadedFile, ApiError> {
    let mut multipart =
        axum::extract::Multipart::from_request(request, state).await.map_err(|rejection| ApiError::BadRequest {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "multipart_required",
            message: format!("Kirim berkas sebagai multipart/form-data dengan kolom `file` ({rejection})."),
        })?;
    let too_large = || ApiError::BadRequest {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "file_too_large",
        message: format!("Berkas terlalu besar: paling besar {} MB.", MAX_EVIDENCE_BYTES / (1024 * 1024)),
    };
    let unreadable = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::BadRequest {
                status: StatusCode::BAD_REQUEST,
                code: "unreadable_body",
                message: format!("Isi permintaan tidak dapat dibaca: {}", error.body_text()),
            }
        }
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        let bytes = field.bytes().await.map_err(unreadable)?;
        file = Some((name, bytes.to_vec()));
        break;
    }
    let Some((name, content)) = file else {
        return Err(ApiError::Invalid(vec![Problem::new(
            "file_required",
            "Pilih berkas bukti (kolom `file`).",
            Some("file".to_owned()),
        )]));
    };
    if content.len() > MAX_EVIDENCE_BYTES {
        return Err(too_large());
    }
    let Some((content_type, extension)) = sniff_file_type(&content) else {
        return Err(ApiError::BadRequest {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_file_type",
            message: "Jenis berkas tidak didukung: unggah PDF, PNG, JPEG atau XLSX.".to_owned(),
        });
    };
    let sha256 = {
        use sha2::{Digest, Sha256};
        Sha256::digest(&content).iter().map(|byte| format!("{byte:02x}")).collect::<String>()
    };
    Ok(UploadedFile { file_name: clean_file_name(&name, extension), content_type, sha256, content })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_only() {
        assert_eq!(sniff_file_type(b"%PDF-1.7\n...").map(|(_, ext)| ext), Some("pdf"));
        assert_eq!(sniff_file_type(b"\x89PNG\r\n\x1a\n....").map(|(_, ext)| ext), Some("png"));
        assert_eq!(sniff_file_type(&[0xFF, 0xD8, 0xFF, 0xE0]).map(|(_, ext)| ext), Some("jpg"));
        assert_eq!(
            sniff_file_type(b"PK\x03\x04 [Content_Types].xml xl/workbook.xml").map(|(_, ext)| ext),
            Some("xlsx")
        );
        assert_eq!(sniff_file_type(b"PK\x03\x04 word/document.xml"), None);
        assert_eq!(sniff_file_type(b"<html><script>"), None);
        assert_eq!(sniff_file_type(b"MZ\x90\x00"), None);
    }

    #[test]
    fn file_names_keep_only_their_last_part() {
        assert_eq!(clean_file_name("../../etc/passwd", "pdf"), "passwd");
        assert_eq!(clean_file_name("C:\\x\\laporan.pdf", "pdf"), "laporan.pdf");
        assert_eq!(clean_file_name("", "png"), "bukti.png");
    }
}

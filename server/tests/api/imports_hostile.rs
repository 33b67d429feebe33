//! Hostile import files against the running server: each is refused with a clear 422 (dry run
//! or not), nothing is stored, and the server keeps serving.

use std::io::Write;

use reqwest::Method;

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};
use crate::entries_write::{OPEN, json_of};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn dry_run(app: &AuthTestApp, session: &Session, body: Vec<u8>) -> reqwest::Response {
    app.request(Some(session), Method::POST, &format!("/api/v1/periods/{OPEN}/imports?population=kabkota&dry_run=true"))
        .header("content-type", XLSX)
        .body(body)
        .send()
        .await
        .expect("sent")
}

async fn stored_entries(app: &AuthTestApp, admin: &Session) -> usize {
    let path = format!("/api/v1/periods/{OPEN}/entries?population=kabkota");
    let body = json_of(app.send(Some(admin), Method::GET, &path, None).await).await;
    body["entries"].as_array().map_or(0, Vec::len)
}

async fn still_serving(app: &AuthTestApp) {
    let health = app.send(None, Method::GET, "/api/v1/health", None).await;
    assert_eq!(health.status(), 200, "the server still answers");
}

/// The workbook of the report: `unit,SAKIP`, one value, and one stray cell at `XFD1048576`.
fn stray_cell_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "unit").expect("cell");
    sheet.write_string(0, 1, "SAKIP").expect("cell");
    sheet.write_string(1, 0, "kabupaten-banyuwangi").expect("cell");
    sheet.write_number(1, 1, 80.0).expect("cell");
    sheet.write_string(1_048_575, 16_383, "x").expect("cell");
    workbook.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn a_stray_cell_far_away_is_a_clear_422_and_the_server_keeps_serving() {
    let app = spawn_demo_app().await;
    for username in ["admin.demo", "pengampu.demo"] {
        let session = app.sign_in_demo(username).await;
        let bytes = stray_cell_workbook();
        assert!(bytes.len() < 8 * 1024, "a small file: {} bytes", bytes.len());
        let response = dry_run(&app, &session, bytes).await;
        assert_eq!(response.status(), 422, "{username}");
        let body = json_of(response).await;
        assert_eq!(body["error"]["code"], "import_invalid", "{body}");
        let problem = &body["error"]["problems"][0];
        assert_eq!(problem["code"], "cell_out_of_range", "{body}");
        assert!(problem["message"].as_str().expect("a message").contains("XFD1048576"), "{body}");
        still_serving(&app).await;
    }
    let admin = app.sign_in_demo("admin.demo").await;
    assert_eq!(stored_entries(&app, &admin).await, 0, "nothing stored");
}

#[tokio::test]
async fn a_zip_bomb_is_a_clear_422_and_the_server_keeps_serving() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    // 64 MB of blanks inside a worksheet part deflate to about 64 KB.
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("xl/worksheets/sheet1.xml", options).expect("a part");
    writer.write_all(b"<worksheet><sheetData>").expect("written");
    let blanks = vec![b' '; 1024 * 1024];
    for _ in 0..64 {
        writer.write_all(&blanks).expect("written");
    }
    writer.write_all(b"</sheetData></worksheet>").expect("written");
    let bytes = writer.finish().expect("an archive").into_inner();
    assert!(bytes.len() < 512 * 1024, "{} bytes", bytes.len());
    for dry in [true, false] {
        let path = format!("/api/v1/periods/{OPEN}/imports?population=kabkota&dry_run={dry}");
        let response = app
            .request(Some(&admin), Method::POST, &path)
            .header("content-type", XLSX)
            .body(bytes.clone())
            .send()
            .await;
        let (code, message) = error_of(response.expect("sent")).await;
        assert_eq!(code, "import_invalid", "{message}");
        still_serving(&app).await;
    }
    let response = dry_run(&app, &admin, bytes).await;
    let body = json_of(response).await;
    assert_eq!(body["error"]["problems"][0]["code"], "file_too_large", "{body}");
    assert_eq!(stored_entries(&app, &admin).await, 0, "nothing stored");
}

#[tokio::test]
async fn a_csv_of_delimiters_only_is_refused_before_it_is_read() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let body = vec![b','; 8 * 1024 * 1024];
    let response = app
        .request(Some(&admin), Method::POST, &format!("/api/v1/periods/{OPEN}/imports?population=kabkota"))
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(body["error"]["problems"][0]["code"], "file_too_large", "{body}");
    still_serving(&app).await;
}

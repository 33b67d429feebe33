//! The citizens' aspiration service (issue 23): a message without an account, followed by receipt
//! code; abuse control (rate limit per address, honeypot, challenge, duplicates) that stores
//! nothing when it refuses; the contact never in a public answer; moderation and answers with
//! history; retention of contacts; the measures on fixed data (holidays, WIB window, missing
//! values, self-posts, freeze); a bound indicator's computed value in the official score.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use server::auth::Clock;

use crate::auth_helpers::{AuthTestApp, Session, error_of, spawn_demo_app, spawn_limited_app};
use crate::helpers::read_answer;
use contract::aspirations::{
    AspirationChallenge, AspirationMeasures, AspirationModerationList, AspirationPublic, AspirationPublicList,
    AspirationReceipt, AspirationUnits, solve_challenge,
};

const BANYUWANGI: &str = "kabupaten-banyuwangi";
const SURABAYA: &str = "kota-surabaya";
const CONTACT: &str = "rahasia.warga.banyuwangi@example.id";
const BOUND: &str = "KUALITAS_PELAYANAN_PUBLIK";

async fn challenge(app: &AuthTestApp) -> (String, u64) {
    let challenge: AspirationChallenge =
        read_answer(app.send(None, Method::GET, "/api/v1/aspirations/challenge", None).await).await;
    let counter = solve_challenge(&challenge.nonce, challenge.difficulty);
    (challenge.nonce, counter)
}

/// A submission body with a freshly solved challenge.
async fn body(app: &AuthTestApp, unit: &str, text: &str, contact: Option<&str>) -> Value {
    let (nonce, counter) = challenge(app).await;
    let mut body =
        json!({"unit_code": unit, "category": "pengaduan", "text": text, "nonce": nonce, "counter": counter});
    if let Some(contact) = contact {
        body["contact"] = json!(contact);
    }
    body
}

async fn submit(app: &AuthTestApp, session: Option<&Session>, unit: &str, text: &str, contact: Option<&str>) -> String {
    let body = body(app, unit, text, contact).await;
    let response = app.send(session, Method::POST, "/api/v1/aspirations", Some(body)).await;
    assert_eq!(response.status(), 201);
    let receipt: AspirationReceipt = read_answer(response).await;
    receipt.code
}

async fn staff_list(app: &AuthTestApp, session: &Session, query: &str) -> AspirationModerationList {
    read_answer(app.send(Some(session), Method::GET, &format!("/api/v1/admin/aspirations{query}"), None).await).await
}

async fn moderate(app: &AuthTestApp, session: &Session, code: &str, body: Value) -> reqwest::Response {
    app.send(Some(session), Method::POST, &format!("/api/v1/admin/aspirations/{code}/moderation"), Some(body)).await
}

async fn answer(app: &AuthTestApp, session: &Session, code: &str, text: &str) -> reqwest::Response {
    app.send(
        Some(session),
        Method::POST,
        &format!("/api/v1/admin/aspirations/{code}/answer"),
        Some(json!({"text": text})),
    )
    .await
}

async fn raw_text(app: &AuthTestApp, path: &str) -> String {
    let response = app.send(None, Method::GET, path, None).await;
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.text().await.expect("a body")
}

#[tokio::test]
async fn a_citizen_sends_without_login_follows_by_code_and_the_contact_is_never_public() {
    let app = spawn_demo_app().await;
    let units: AspirationUnits =
        read_answer(app.send(None, Method::GET, "/api/v1/aspirations/units", None).await).await;
    assert!(units.units.iter().any(|unit| unit.code == BANYUWANGI && unit.population == "kabkota"));

    let code = submit(
        &app,
        None,
        BANYUWANGI,
        "Jalan berlubang di depan pasar Genteng membahayakan pengendara.",
        Some(CONTACT),
    )
    .await;
    assert_eq!(code.len(), 11, "{code}");
    let lower = code.to_lowercase().replace('-', " ");
    let followed: AspirationPublic =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/aspirations/{lower}"), None).await).await;
    assert_eq!(followed.code, code);
    assert_eq!(followed.status.code(), "menunggu");
    assert!(followed.answer.is_none());
    // The demo mode's example messages are there for a newcomer: published, answered.
    let demo: AspirationPublic =
        read_answer(app.send(None, Method::GET, "/api/v1/aspirations/DEMA2-CNTH2", None).await).await;
    assert_eq!((demo.unit_code.as_str(), demo.status.code()), (BANYUWANGI, "diterbitkan"));
    assert!(demo.answer.is_some() && demo.response_working_days.is_some());
    let demo_list: AspirationPublicList =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/aspirations/units/{SURABAYA}"), None).await).await;
    assert_eq!(demo_list.messages.len(), 2);
    let missing = app.send(None, Method::GET, "/api/v1/aspirations/ZZZZZ-ZZZZZ", None).await;
    assert_eq!(error_of(missing).await.0, "aspiration_not_found");

    let admin = app.sign_in_demo("admin.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let staff = staff_list(&app, &admin, "?status=menunggu").await;
    let item = staff.items.iter().find(|item| item.code == code).expect("listed for moderation");
    assert_eq!(item.contact.as_deref(), Some(CONTACT), "staff see the contact to reply");
    assert_eq!(moderate(&app, &admin, &code, json!({"action": "terbitkan"})).await.status(), 200);
    assert_eq!(answer(&app, &unit_admin, &code, "Perbaikan dijadwalkan minggu ini. Terima kasih.").await.status(), 200);

    // Every public answer, as raw text, never holds the contact.
    let periods = raw_text(&app, "/api/v1/periods").await;
    for path in [
        format!("/api/v1/aspirations/{code}"),
        format!("/api/v1/aspirations/units/{BANYUWANGI}"),
        "/api/v1/aspirations/units".to_owned(),
        "/api/v1/periods/2023-annual/aspiration-measures?population=kabkota".to_owned(),
        "/api/v1/periods/2023-annual/aspiration-bindings".to_owned(),
        "/api/v1/periods/2023-annual/values?population=kabkota".to_owned(),
        format!("/api/v1/periods/2023-annual/units/{BANYUWANGI}"),
        "/api/v1/openapi.json".to_owned(),
    ] {
        let text = raw_text(&app, &path).await;
        assert!(!text.contains(CONTACT) && !text.contains("rahasia.warga"), "{path} shows the contact");
        assert!(!text.contains("127.0.0.1"), "{path} shows the client address");
    }
    assert!(!periods.contains(CONTACT));
    let list: AspirationPublicList =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/aspirations/units/{BANYUWANGI}"), None).await).await;
    let shown = list.messages.iter().find(|message| message.code == code).expect("published");
    assert_eq!(shown.answer.as_deref(), Some("Perbaikan dijadwalkan minggu ini. Terima kasih."));
    assert!(shown.response_working_days.is_some());
    assert_eq!(list.answered, list.messages.iter().filter(|message| message.answer.is_some()).count() as u32);
}

#[tokio::test]
async fn bad_submissions_are_refused_with_a_reason_and_store_nothing() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let before = staff_list(&app, &admin, "").await.items.len();
    let post = |body: Value| {
        let app = &app;
        async move { app.send(None, Method::POST, "/api/v1/aspirations", Some(body)).await }
    };

    let mut empty = body(&app, BANYUWANGI, "   ", None).await;
    let (code, message) = error_of(post(empty.clone()).await).await;
    assert_eq!(code, "aspiration_text_empty", "{message}");
    empty["text"] = json!("x".repeat(2001));
    let response = post(empty).await;
    assert_eq!(response.status(), 422);
    let problems: Value = response.json().await.expect("JSON");
    assert_eq!(problems["error"]["problems"][0]["code"], "aspiration_text_too_long", "{problems}");
    assert_eq!(problems["error"]["problems"][0]["field"], "text");

    let contact = body(&app, BANYUWANGI, "Mohon informasi jadwal posyandu.", Some("bukan kontak")).await;
    let response = post(contact).await;
    let problems: Value = response.json().await.expect("JSON");
    assert_eq!(problems["error"]["problems"][0]["field"], "contact", "{problems}");

    let unknown = body(&app, "unit-yang-tidak-ada", "Mohon informasi jadwal posyandu.", None).await;
    let problems: Value = post(unknown).await.json().await.expect("JSON");
    assert_eq!(problems["error"]["problems"][0]["code"], "aspiration_unit_unknown", "{problems}");

    let mut wrong = body(&app, BANYUWANGI, "Mohon informasi jadwal posyandu.", None).await;
    wrong["nonce"] = json!("1.abc.def");
    let problems: Value = post(wrong).await.json().await.expect("JSON");
    assert_eq!(problems["error"]["problems"][0]["code"], "aspiration_challenge_invalid", "{problems}");

    let category = json!({"unit_code": BANYUWANGI, "category": "gosip", "text": "x", "nonce": "n", "counter": 1});
    assert_eq!(post(category).await.status(), 422);

    // A filled honeypot looks accepted but stores nothing.
    let mut bot = body(&app, BANYUWANGI, "Promo pinjaman cepat tanpa agunan, hubungi kami.", None).await;
    bot["website"] = json!("http://spam.example");
    let response = post(bot).await;
    assert_eq!(response.status(), 201);
    let receipt: AspirationReceipt = read_answer(response).await;
    let followed = app.send(None, Method::GET, &format!("/api/v1/aspirations/{}", receipt.code), None).await;
    assert_eq!(followed.status(), 404, "the honeypot's code follows nothing");

    // The same text (other case and spacing) to the same unit is refused; a used challenge too.
    let first = body(&app, SURABAYA, "Saluran air di Jalan Kenjeran tersumbat.", None).await;
    assert_eq!(post(first.clone()).await.status(), 201);
    let again = body(&app, SURABAYA, "  saluran AIR di jalan kenjeran tersumbat ", None).await;
    let (code, _) = error_of(post(again).await).await;
    assert_eq!(code, "aspiration_duplicate");
    let mut reused = first;
    reused["text"] = json!("Pesan lain dengan tantangan yang sama.");
    let problems: Value = post(reused).await.json().await.expect("JSON");
    assert_eq!(problems["error"]["problems"][0]["code"], "aspiration_challenge_invalid", "{problems}");

    assert_eq!(staff_list(&app, &admin, "").await.items.len(), before + 1, "only the one good message is stored");
}

#[tokio::test]
async fn a_burst_of_a_thousand_submissions_from_one_address_is_limited_without_a_server_error() {
    let limits = server::configuration::Limits {
        aspiration_challenge_difficulty: 4,
        ..server::configuration::Limits::default()
    };
    let app = std::sync::Arc::new(spawn_limited_app(limits).await);
    let admin = app.sign_in_demo("admin.demo").await;
    let before = staff_list(&app, &admin, "").await.items.len();
    let mut bodies = Vec::with_capacity(1000);
    for index in 0..1000 {
        bodies.push(body(&app, BANYUWANGI, &format!("Pesan uji beruntun nomor {index}."), None).await);
    }
    let started = std::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for body in bodies {
        let app = std::sync::Arc::clone(&app);
        tasks.spawn(
            async move { app.send(None, Method::POST, "/api/v1/aspirations", Some(body)).await.status().as_u16() },
        );
    }
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    while let Some(status) = tasks.join_next().await {
        *statuses.entry(status.expect("a task ends")).or_default() += 1;
    }
    println!("burst of 1000 from one address: {statuses:?} in {:?}", started.elapsed());
    assert!(statuses.keys().all(|status| *status < 500), "{statuses:?}");
    assert_eq!(statuses.get(&201).copied().unwrap_or(0), 20, "{statuses:?}");
    assert_eq!(statuses.get(&429).copied().unwrap_or(0), 980, "{statuses:?}");
    assert_eq!(staff_list(&app, &admin, "").await.items.len(), before + 20, "stores at most the limit");
    // An hour later the address may send again.
    app.advance(Duration::from_secs(3601));
    let admin = app.sign_in_demo("admin.demo").await;
    let later = body(&app, BANYUWANGI, "Pesan setelah satu jam.", None).await;
    assert_eq!(app.send(None, Method::POST, "/api/v1/aspirations", Some(later)).await.status(), 201);
    assert_eq!(staff_list(&app, &admin, "").await.items.len(), before + 21);
}

#[tokio::test]
async fn administrators_moderate_unit_admins_answer_their_own_and_history_keeps_every_step() {
    let app = spawn_demo_app().await;
    let admin = app.sign_in_demo("admin.demo").await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    let viewer = app.sign_in_demo("viewer.demo").await;
    let own = submit(&app, None, BANYUWANGI, "Mohon perbaikan lampu jalan di Desa Kemiren.", None).await;
    let other = submit(&app, None, SURABAYA, "Mohon penambahan bus kota rute Benowo.", None).await;

    // Who may do what.
    assert_eq!(moderate(&app, &unit_admin, &own, json!({"action": "terbitkan"})).await.status(), 403);
    assert_eq!(app.send(Some(&viewer), Method::GET, "/api/v1/admin/aspirations", None).await.status(), 403);
    assert_eq!(app.send(None, Method::GET, "/api/v1/admin/aspirations", None).await.status(), 401);
    assert_eq!(answer(&app, &unit_admin, &other, "Bukan unit saya.").await.status(), 403);
    let own_list = staff_list(&app, &unit_admin, "").await;
    assert!(own_list.items.iter().all(|item| item.unit_code == BANYUWANGI), "a unit admin sees only their unit");
    assert_eq!(
        app.send(Some(&unit_admin), Method::GET, &format!("/api/v1/admin/aspirations?unit_code={SURABAYA}"), None)
            .await
            .status(),
        403
    );

    // Hiding needs a reason; nothing changes without one.
    let (code, _) = error_of(moderate(&app, &admin, &own, json!({"action": "sembunyikan"})).await).await;
    assert_eq!(code, "aspiration_reason_required");
    let (code, _) = error_of(answer(&app, &unit_admin, &own, "  ").await).await;
    assert_eq!(code, "aspiration_answer_empty");
    let unchanged = staff_list(&app, &admin, "?status=menunggu").await;
    assert_eq!(unchanged.items.iter().find(|item| item.code == own).expect("listed").history.len(), 1);

    assert_eq!(answer(&app, &unit_admin, &own, "Sudah kami teruskan ke dinas terkait.").await.status(), 200);
    let hidden = moderate(&app, &admin, &own, json!({"action": "sembunyikan", "reason": "Memuat data pribadi."})).await;
    assert_eq!(hidden.status(), 200);
    let followed: AspirationPublic =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/aspirations/{own}"), None).await).await;
    assert_eq!(followed.hidden_reason.as_deref(), Some("Memuat data pribadi."));
    let public: AspirationPublicList =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/aspirations/units/{BANYUWANGI}"), None).await).await;
    assert!(public.messages.iter().all(|message| message.code != own), "hidden messages are not listed");
    assert_eq!(moderate(&app, &admin, &own, json!({"action": "terbitkan"})).await.status(), 200);
    assert_eq!(answer(&app, &admin, &own, "Lampu sudah diperbaiki.").await.status(), 200);
    assert_eq!(moderate(&app, &admin, &other, json!({"action": "spam"})).await.status(), 200);
    let (code, _) = error_of(answer(&app, &admin, &other, "Tidak perlu.").await).await;
    assert_eq!(code, "aspiration_not_answerable");

    let list = staff_list(&app, &admin, "").await;
    let item = list.items.iter().find(|item| item.code == own).expect("listed");
    let events: Vec<(&str, Option<&str>)> =
        item.history.iter().map(|record| (record.event.code(), record.actor.as_deref())).collect();
    assert_eq!(
        events,
        [
            ("dikirim", None),
            ("dijawab", Some("unit.demo")),
            ("disembunyikan", Some("admin.demo")),
            ("diterbitkan", Some("admin.demo")),
            ("dijawab", Some("admin.demo")),
        ]
    );
    assert_eq!(item.answer.as_deref(), Some("Lampu sudah diperbaiki."));
    assert_eq!(item.history[2].note.as_deref(), Some("Memuat data pribadi."));
    let public: AspirationPublicList =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/aspirations/units/{BANYUWANGI}"), None).await).await;
    let shown = public.messages.iter().find(|message| message.code == own).expect("published again");
    assert_eq!(shown.answer.as_deref(), Some("Lampu sudah diperbaiki."));
    assert_eq!(shown.response_working_days, Some(0), "the first answer came the same day");
}

#[tokio::test]
async fn retention_deletes_old_contacts_and_keeps_the_messages() {
    let app = spawn_demo_app().await;
    let old = submit(&app, None, BANYUWANGI, "Pesan lama dengan kontak.", Some(CONTACT)).await;
    app.advance(Duration::from_secs(366 * 24 * 3600));
    let fresh = submit(&app, None, BANYUWANGI, "Pesan baru dengan kontak.", Some("warga.baru@example.id")).await;
    let admin = app.sign_in_demo("admin.demo").await;
    let list = staff_list(&app, &admin, "").await;
    let old_item = list.items.iter().find(|item| item.code == old).expect("the message stays");
    assert_eq!(old_item.contact, None, "the contact is deleted after the retention period");
    assert_eq!(old_item.text, "Pesan lama dengan kontak.");
    let fresh_item = list.items.iter().find(|item| item.code == fresh).expect("listed");
    assert_eq!(fresh_item.contact.as_deref(), Some("warga.baru@example.id"));
}

/// Milliseconds since the epoch of `2030-01-01T00:00:00Z` plus `hours`.
fn at_2030(hours: i64) -> u64 {
    let days = server::aspirations::measures::days_from_civil(2030, 1, 1);
    u64::try_from(days * 86_400_000 + hours * 3_600_000).expect("after 1970")
}

/// Moves the app's clock forward to `millis` and signs the administrator in again.
async fn move_to(app: &AuthTestApp, millis: u64) -> Session {
    let now = app.clock.now_millis();
    assert!(millis >= now, "the clock only moves forward");
    app.advance(Duration::from_millis(millis - now));
    app.sign_in_demo("admin.demo").await
}

async fn measures(app: &AuthTestApp, session: &Session, query: &str) -> AspirationMeasures {
    read_answer(
        app.send(Some(session), Method::GET, &format!("/api/v1/periods/2030-q1/aspiration-measures?{query}"), None)
            .await,
    )
    .await
}

#[tokio::test]
async fn measures_on_fixed_data_match_a_hand_count_and_the_bound_value_enters_the_official_score() {
    let app = spawn_demo_app().await;
    // 2029-12-31 20:00 UTC is 2030-01-01 03:00 WIB (a Tuesday): inside 2030 Q1 in WIB.
    let admin = move_to(&app, at_2030(-4)).await;
    let period = json!({"year": 2030, "kind": "q1", "bindings": {"kabkota": "cettar-2023-kabkota"}});
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods", Some(period)).await.status(), 201);
    let open = json!({"state": "open"});
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods/2030-q1/state", Some(open)).await.status(), 200);
    let holidays = json!({"holidays": [{"date": "2030-01-02", "name": "Libur contoh"}]});
    let bad_holidays = json!({"holidays": [{"date": "2030-02-30", "name": "Bukan tanggal"}]});
    assert_eq!(
        app.send(Some(&admin), Method::PUT, "/api/v1/admin/aspiration-holidays", Some(bad_holidays)).await.status(),
        422
    );
    assert_eq!(
        app.send(Some(&admin), Method::PUT, "/api/v1/admin/aspiration-holidays", Some(holidays)).await.status(),
        200
    );
    let binding = json!({"measure": "tingkat_tanggapan", "working_days": 5});
    let bind_path = format!("/api/v1/periods/2030-q1/aspiration-bindings/kabkota/{BOUND}");
    assert_eq!(app.send(Some(&admin), Method::PUT, &bind_path, Some(binding.clone())).await.status(), 200);
    let unknown = "/api/v1/periods/2030-q1/aspiration-bindings/kabkota/TIDAK_ADA";
    assert_eq!(app.send(Some(&admin), Method::PUT, unknown, Some(binding)).await.status(), 404);

    let unit_admin = app.sign_in_demo("unit.demo").await;
    let m0 = submit(&app, None, BANYUWANGI, "Pesan nol: dijawab setelah libur.", None).await;
    let m2 = submit(&app, Some(&unit_admin), BANYUWANGI, "Pesan dua: dikirim staf unit sendiri.", None).await;
    let m3 = submit(&app, None, BANYUWANGI, "Pesan tiga: tidak pernah dijawab.", None).await;
    let _m4 = submit(&app, None, BANYUWANGI, "Pesan empat: tidak diterbitkan.", None).await;
    for code in [&m0, &m2, &m3] {
        assert_eq!(moderate(&app, &admin, code, json!({"action": "terbitkan"})).await.status(), 200);
    }
    let staff = staff_list(&app, &admin, &format!("?unit_code={BANYUWANGI}")).await;
    assert!(staff.items.iter().find(|item| item.code == m2).expect("listed").self_post);

    // Thursday 2030-01-03 09:00 WIB: one working day after Tuesday (Wednesday is a holiday).
    let admin = move_to(&app, at_2030(2 * 24 + 2)).await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    assert_eq!(answer(&app, &unit_admin, &m0, "Jawaban pesan nol.").await.status(), 200);
    assert_eq!(answer(&app, &unit_admin, &m2, "Jawaban pesan dua.").await.status(), 200);

    // Monday 2030-01-07 08:00 WIB, answered Monday 2030-01-21: ten working days.
    let admin_later = move_to(&app, at_2030(6 * 24 + 1)).await;
    let m5 = submit(&app, None, BANYUWANGI, "Pesan lima: dijawab lambat.", None).await;
    assert_eq!(moderate(&app, &admin_later, &m5, json!({"action": "terbitkan"})).await.status(), 200);
    let _ = admin;
    move_to(&app, at_2030(20 * 24 + 1)).await;
    let unit_admin = app.sign_in_demo("unit.demo").await;
    assert_eq!(answer(&app, &unit_admin, &m5, "Jawaban pesan lima.").await.status(), 200);

    // 2030-03-31 18:00 UTC is 1 April 01:00 WIB: outside Q1 although its UTC date is inside.
    let admin = move_to(&app, at_2030((31 + 28 + 30) * 24 + 18)).await;
    let m1 = submit(&app, None, BANYUWANGI, "Pesan satu: di luar jendela WIB.", None).await;
    assert_eq!(moderate(&app, &admin, &m1, json!({"action": "terbitkan"})).await.status(), 200);
    assert_eq!(answer(&app, &admin, &m1, "Jawaban pesan satu.").await.status(), 200);

    // Hand count for Banyuwangi, N = 5: counted m0 (1 day), m3 (never), m5 (10 days): 1 of 3 in
    // time = 33.33; median of 1 and 10 = 5.5. Other units: nothing counted, no value.
    let live = measures(&app, &admin, "population=kabkota&working_days=5").await;
    assert_eq!((live.window_start.as_str(), live.window_end.as_str()), ("2030-01-01", "2030-03-31"));
    assert!(!live.frozen);
    let banyuwangi = live.units.iter().find(|unit| unit.unit_code == BANYUWANGI).expect("listed");
    assert_eq!((banyuwangi.counted, banyuwangi.answered_in_time), (3, 1));
    assert_eq!(banyuwangi.response_rate.as_ref().map(|value| value.as_str()), Some("33.33"));
    assert_eq!(banyuwangi.median_response_days.as_ref().map(|value| value.as_str()), Some("5.5"));
    let surabaya = live.units.iter().find(|unit| unit.unit_code == SURABAYA).expect("listed");
    assert_eq!((surabaya.counted, surabaya.response_rate.clone()), (0, None), "missing, not zero");
    let wider = measures(&app, &admin, "population=kabkota&working_days=10").await;
    let banyuwangi_10 = wider.units.iter().find(|unit| unit.unit_code == BANYUWANGI).expect("listed");
    assert_eq!(banyuwangi_10.response_rate.as_ref().map(|value| value.as_str()), Some("66.67"));
    let hidden =
        app.send(None, Method::GET, "/api/v1/periods/2030-q1/aspiration-measures?population=kabkota", None).await;
    assert_eq!(hidden.status(), 404, "an unpublished period's measures are not public");

    // The bound indicator holds the computed value; nobody writes it by hand.
    let entries = app.send(Some(&admin), Method::GET, "/api/v1/periods/2030-q1/entries?population=kabkota", None).await;
    let entries: contract::EntriesPage = read_answer(entries).await;
    assert!(entries.computed.iter().any(|binding| binding.indicator == BOUND));
    let entry = entries
        .entries
        .iter()
        .find(|entry| entry.unit == BANYUWANGI && entry.indicator == BOUND)
        .expect("the computed entry");
    assert_eq!((entry.value.0.as_str(), entry.updated_by.as_str()), ("33.33", "aspirasi"));
    let stored_version = entry.version;
    assert!(!entries.entries.iter().any(|entry| entry.unit == SURABAYA && entry.indicator == BOUND), "missing value");
    let put = json!({"value": 90, "base_version": entry.version});
    let refused = app
        .request(Some(&admin), Method::PUT, &format!("/api/v1/periods/2030-q1/entries/{BANYUWANGI}/{BOUND}"))
        .header("idempotency-key", "tulis-manual-1")
        .json(&put)
        .send()
        .await
        .expect("request is sent");
    assert_eq!(error_of(refused).await.0, "indicator_computed");
    let import = |csv: String| {
        app.request(Some(&admin), Method::POST, "/api/v1/periods/2030-q1/imports?population=kabkota&dry_run=false")
            .header("content-type", "text/csv")
            .body(csv)
            .send()
    };
    let overwrite = import(format!("unit,{BOUND}\n{BANYUWANGI},90\n")).await.expect("sent");
    assert_eq!(overwrite.status(), 422);
    assert!(overwrite.text().await.expect("a body").contains("indicator_computed"));
    let same = import(format!("unit,{BOUND},KIPP\n{BANYUWANGI},33.33,70\n")).await.expect("sent");
    assert_eq!(same.status(), 200, "an exported computed value imports back unchanged");
    let after: contract::EntriesPage = read_answer(
        app.send(Some(&admin), Method::GET, "/api/v1/periods/2030-q1/entries?population=kabkota", None).await,
    )
    .await;
    let kept = after.entries.iter().find(|entry| entry.unit == BANYUWANGI && entry.indicator == BOUND).expect("kept");
    assert_eq!((kept.version, kept.updated_by.as_str()), (stored_version, "aspirasi"));
    assert!(after.entries.iter().any(|entry| entry.unit == BANYUWANGI && entry.indicator == "KIPP"));

    // Closing freezes: a later answer changes neither the measures nor the value.
    let close = json!({"state": "closed"});
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods/2030-q1/state", Some(close)).await.status(), 200);
    assert_eq!(answer(&app, &admin, &m3, "Jawaban sangat terlambat.").await.status(), 200);
    let frozen = measures(&app, &admin, "population=kabkota").await;
    assert!(frozen.frozen);
    let banyuwangi = frozen.units.iter().find(|unit| unit.unit_code == BANYUWANGI).expect("listed");
    assert_eq!((banyuwangi.counted, banyuwangi.answered_in_time), (3, 1));
    assert_eq!(banyuwangi.median_response_days.as_ref().map(|value| value.as_str()), Some("5.5"));
    assert_eq!(
        app.send(Some(&admin), Method::PUT, &bind_path, Some(json!({"measure": "median_hari_tanggapan"})))
            .await
            .status(),
        409
    );

    // Published: the value is public and in the official score computed by the engine.
    let publish = json!({"state": "published"});
    assert_eq!(
        app.send(Some(&admin), Method::POST, "/api/v1/periods/2030-q1/state", Some(publish)).await.status(),
        200
    );
    let detail: contract::UnitDetail =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/periods/2030-q1/units/{BANYUWANGI}"), None).await)
            .await;
    assert_eq!(detail.values.get(BOUND).expect("the bound value").value.0, "33.33");
    let result = detail.result.expect("an official result");
    assert_ne!(result.total.as_str(), "0.00", "the computed value counts in the total");
    let explanation = contract::json::ToJson::to_json(&result.explanation);
    assert!(explanation.contains(BOUND), "{explanation}");
    let other: contract::UnitDetail =
        read_answer(app.send(None, Method::GET, &format!("/api/v1/periods/2030-q1/units/{SURABAYA}"), None).await)
            .await;
    assert!(!other.values.contains_key(BOUND));
    let _ = app.clock.now_millis();
}

#[tokio::test]
async fn a_binding_made_while_the_period_is_a_draft_is_filled_when_it_opens() {
    let app = spawn_demo_app().await;
    let admin = move_to(&app, at_2030(24 * 7 + 2)).await;
    let period = json!({"year": 2030, "kind": "q1", "bindings": {"kabkota": "cettar-2023-kabkota"}});
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods", Some(period)).await.status(), 201);
    let bind_path = format!("/api/v1/periods/2030-q1/aspiration-bindings/kabkota/{BOUND}");
    let binding = json!({"measure": "tingkat_tanggapan"});
    assert_eq!(app.send(Some(&admin), Method::PUT, &bind_path, Some(binding)).await.status(), 200);
    let code = submit(&app, None, BANYUWANGI, "Pesan sebelum periode dibuka.", None).await;
    assert_eq!(moderate(&app, &admin, &code, json!({"action": "terbitkan"})).await.status(), 200);
    assert_eq!(answer(&app, &admin, &code, "Dijawab hari itu juga.").await.status(), 200);
    let open = json!({"state": "open"});
    assert_eq!(app.send(Some(&admin), Method::POST, "/api/v1/periods/2030-q1/state", Some(open)).await.status(), 200);
    let entries: contract::EntriesPage = read_answer(
        app.send(Some(&admin), Method::GET, "/api/v1/periods/2030-q1/entries?population=kabkota", None).await,
    )
    .await;
    let entry = entries
        .entries
        .iter()
        .find(|entry| entry.unit == BANYUWANGI && entry.indicator == BOUND)
        .expect("written when the period opened");
    assert_eq!((entry.value.0.as_str(), entry.updated_by.as_str()), ("100", "aspirasi"));
    let bindings: contract::aspirations::AspirationBindings =
        read_answer(app.send(Some(&admin), Method::GET, "/api/v1/periods/2030-q1/aspiration-bindings", None).await)
            .await;
    assert_eq!(bindings.bindings.len(), 1);
    assert_eq!(bindings.bindings[0].working_days, 5, "five working days unless named");
}

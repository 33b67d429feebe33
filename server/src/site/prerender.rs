//! Content in the first response: the public rankings (`/peringkat`), a unit's report card
//! (`/unit/{code}`) and "Cara Penilaian" (`/cara-penilaian`) written as plain escaped HTML into the
//! app's `index.html`, so that they are readable before the app has loaded, with JavaScript off and
//! by search engines.
//!
//! The data are the public API's own answers: each page asks the `/api/v1` router in-process as an
//! anonymous visitor (no cookie is passed on), so a first response never shows more than the JSON
//! API shows to anyone, and the figures come from the same storage and engine. "Cara Penilaian" is
//! read from the rubric files the app itself reads (`rubrics/` in the site folder).
//!
//! The HTML sits in `<div id="prerendered">` and `<body data-prerendered>`; the stylesheet hides
//! the app's own nodes while that attribute is there, and the boot script removes both once the
//! app's page has its data, so the two are never shown together. Its `data-testid`s start with
//! `ssr-`, never those of the app.

use std::fmt::Write as _;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, Uri};
use engine::json::Json;
use tower::ServiceExt;

use crate::startup::AppState;

/// The largest API answer read for a page (a ranking of a few thousand units fits).
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// The public pages the server writes itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicPage {
    Rankings {
        period: Option<String>,
        population: Option<String>,
    },
    Unit {
        code: String,
        period: Option<String>,
    },
    ScoringRules,
    /// The home page and the simulator: no content written, only their first answers preloaded.
    Home,
    /// `unit_chosen`: the address already names a unit (a shared link), so no picker is written.
    Simulator {
        unit_chosen: bool,
    },
}

/// What the server adds to `index.html` for a page.
#[derive(Debug, Default)]
pub struct Rendered {
    pub title: String,
    /// The main content; `None` leaves the body as the app's shell.
    pub content: Option<String>,
    /// API addresses the app will ask for first, preloaded while the app itself downloads.
    pub preloads: Vec<String>,
}

impl PublicPage {
    /// The page an address asks for, if the server writes it.
    pub fn from_uri(uri: &Uri) -> Option<PublicPage> {
        let query = |name: &str| query_value(uri.query().unwrap_or_default(), name).filter(|value| !value.is_empty());
        match uri.path().trim_end_matches('/') {
            "/peringkat" => Some(PublicPage::Rankings { period: query("periode"), population: query("populasi") }),
            "/cara-penilaian" => Some(PublicPage::ScoringRules),
            "" => Some(PublicPage::Home),
            "/simulasi" => Some(PublicPage::Simulator { unit_chosen: query("unit").is_some() }),
            path => {
                let code = path.strip_prefix("/unit/")?;
                let code = percent_decode(code)?;
                (!code.is_empty() && !code.contains('/')).then(|| PublicPage::Unit { code, period: query("periode") })
            }
        }
    }
}

/// The page's title, its main content (HTML) and the API answers to preload, from the public
/// API's answers.
pub async fn render(state: &AppState, site_dir: &Path, page: &PublicPage) -> Rendered {
    let api = Api::new(state);
    match page {
        PublicPage::Rankings { period, population } => {
            let Some(chosen) = published_period(&api, period.as_deref()).await else {
                return Rendered {
                    title: "Peringkat".to_owned(),
                    content: Some(no_results_html("Peringkat")),
                    preloads: vec![],
                };
            };
            let population = choose_population(&chosen, population.as_deref());
            let populations = api.get("/api/v1/populations").await;
            let results_url = population.as_deref().map(|code| results_url(text(&chosen, "id"), code));
            let results = match &results_url {
                Some(url) => api.get(url).await,
                None => None,
            };
            let mut preloads = vec!["/api/v1/periods".to_owned(), "/api/v1/populations".to_owned()];
            preloads.extend(results_url);
            Rendered {
                title: "Peringkat".to_owned(),
                content: Some(rankings_html(&chosen, population.as_deref(), populations.as_ref(), results.as_ref())),
                preloads,
            }
        }
        PublicPage::Unit { code, period } => {
            let mut preloads = vec!["/api/v1/periods".to_owned()];
            let detail = match published_period(&api, period.as_deref()).await {
                Some(chosen) => {
                    let url = format!("/api/v1/periods/{}/units/{}", encode(text(&chosen, "id")), encode(code));
                    let detail = api.get(&url).await;
                    preloads.push(url);
                    detail
                }
                None => None,
            };
            match detail {
                Some(detail) => {
                    let rubric = text(&detail, "rubric_version_id");
                    if !rubric.is_empty() {
                        preloads.push(format!("/api/v1/rubrics/{}", encode(rubric)));
                    }
                    Rendered {
                        title: format!("{} — Rapor unit", text(text_of(&detail, &["unit"]), "name")),
                        content: Some(unit_html(&detail)),
                        preloads,
                    }
                }
                None => {
                    Rendered { title: "Rapor unit".to_owned(), content: Some(unit_not_found_html()), preloads: vec![] }
                }
            }
        }
        PublicPage::ScoringRules => {
            let kabkota = read_rubric(&site_dir.join("rubrics/rubric-kabkota-2023.json")).await;
            let opd = read_rubric(&site_dir.join("rubrics/rubric-opd-2023.json")).await;
            Rendered {
                title: "Cara Penilaian".to_owned(),
                content: Some(scoring_rules_html(kabkota.as_ref(), opd.as_ref())),
                preloads: vec![
                    "/rubrics/rubric-kabkota-2023.json".to_owned(),
                    "/rubrics/rubric-opd-2023.json".to_owned(),
                ],
            }
        }
        PublicPage::Home => {
            let mut preloads = vec!["/api/v1/periods".to_owned(), "/api/v1/populations".to_owned()];
            let Some(chosen) = published_period(&api, None).await else {
                return Rendered { title: String::new(), content: None, preloads };
            };
            let period_id = text(&chosen, "id");
            let populations = api.get("/api/v1/populations").await;
            let mut rankings = Vec::new();
            if let Some(Json::Array(codes)) = chosen.get("populations") {
                for code in codes.iter().filter_map(as_str) {
                    let url = results_url(period_id, code);
                    if let Some(results) = api.get(&url).await {
                        rankings.push((code.to_owned(), results));
                    }
                    preloads.push(url);
                }
            }
            Rendered {
                title: String::new(),
                content: Some(home_html(&chosen, populations.as_ref(), &rankings)),
                preloads,
            }
        }
        PublicPage::Simulator { unit_chosen } => {
            let mut preloads = vec!["/api/v1/periods".to_owned(), "/api/v1/populations".to_owned()];
            let Some(chosen) = published_period(&api, None).await else {
                return Rendered { title: String::new(), content: None, preloads };
            };
            let Some(population) = choose_population(&chosen, None) else {
                return Rendered { title: String::new(), content: None, preloads };
            };
            let url = results_url(text(&chosen, "id"), &population);
            let results = api.get(&url).await;
            preloads.push(url);
            let content =
                results.filter(|_| !unit_chosen).map(|results| simulator_picker_html(&chosen, &population, &results));
            Rendered { title: "Simulasi".to_owned(), content, preloads }
        }
    }
}

/// A ranking's address exactly as the app's HTTP client asks for it: it ends an address that has
/// a query with `&` (gloo-net's query builder), and a preload is used only for the same address.
fn results_url(period_id: &str, population: &str) -> String {
    format!("/api/v1/periods/{}/results?population={}&", encode(period_id), encode(population))
}

/// `<link rel="preload">` lines for `index.html`'s head: fetched with the same mode and
/// credentials as the app's own requests, so the app's requests are answered from them.
pub fn preload_links(addresses: &[String]) -> String {
    addresses
        .iter()
        .map(|address| format!(r#"<link rel="preload" href="{}" as="fetch" crossorigin>"#, escape(address)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `index.html` with the page written into its body: the title, `data-prerendered` on `<body>` and
/// the server's shell (header, navigation, content, footer) in `<div id="prerendered">`.
pub fn into_shell(index_html: &str, title: &str, content: &str, current_path: &str) -> String {
    let mut shell = String::with_capacity(content.len() + 2048);
    shell.push_str(r#"<body data-prerendered><div id="prerendered">"#);
    shell.push_str(r##"<a class="skip-link" href="#prerendered-main">Langsung ke konten utama</a>"##);
    shell.push_str(r#"<header class="site-header"><div class="site-header__bar"><a href="/" class="brand"><span class="brand__mark" aria-hidden="true">S</span><span class="brand__text"><span class="brand__name">Sibekisar</span><span class="brand__subtitle" lang="id">Sistem Integrasi Bersama Kinerja Implementasi Budaya Cettar</span></span></a></div>"#);
    shell.push_str(r#"<nav class="main-nav" aria-label="Navigasi utama"><ul>"#);
    for (path, label) in NAV_ITEMS {
        let current = if current_path == path || (path != "/" && current_path.starts_with(path)) {
            r#" aria-current="page""#
        } else {
            ""
        };
        let _ = write!(shell, r#"<li><a href="{path}"{current}>{label}</a></li>"#);
    }
    shell.push_str("</ul></nav></header>");
    let _ = write!(shell, r#"<main class="site-main" id="prerendered-main" tabindex="-1">{content}</main>"#);
    shell.push_str(r#"<footer class="site-footer"><p>Sibekisar — implementasi terbuka sistem penilaian budaya kerja CETTAR di Jawa Timur.</p></footer></div>"#);
    index_html
        .replacen("<title>Sibekisar</title>", &format!("<title>{} — Sibekisar</title>", escape(title)), 1)
        .replacen("<body>", &shell, 1)
}

/// The app's main navigation (public areas) in the server's shell.
const NAV_ITEMS: [(&str, &str); 6] = [
    ("/", "Beranda"),
    ("/simulasi", "Simulasi"),
    ("/penilaian", "Penilaian"),
    ("/peringkat", "Peringkat"),
    ("/cara-penilaian", "Cara Penilaian"),
    ("/sistem-kerja", "Sistem Kerja"),
];

/// The six CETTAR spirits (DOMAIN.md section 2), for names where an answer gives only a code.
const SPIRIT_NAMES: [(&str, &str); 6] = [
    ("C", "Cepat"),
    ("E", "Efektif dan Efisien"),
    ("T", "Tanggap"),
    ("TR", "Transparan"),
    ("A", "Akuntabel"),
    ("R", "Responsif"),
];

/// The grade table (DOMAIN.md section 3), as the app's grade table shows it.
const GRADES: [(&str, &str, &str); 5] = [
    ("A", "81,00 – 100,00", "Sangat Cettar"),
    ("B", "61,00 – 80,99", "Cettar"),
    ("C", "41,00 – 60,99", "Cukup Cettar"),
    ("D", "21,00 – 40,99", "Kurang Cettar"),
    ("E", "0,00 – 20,99", "Tidak Cettar"),
];

/// The `/api/v1` router of this process, asked as an anonymous visitor.
struct Api {
    router: Router,
}

impl Api {
    fn new(state: &AppState) -> Api {
        let gate = axum::middleware::from_fn_with_state(state.clone(), crate::auth::gate);
        let router =
            Router::new().nest("/api/v1", crate::http::api_router().route_layer(gate)).with_state(state.clone());
        Api { router }
    }

    /// The JSON answer to `GET path`, or `None` for anything but a readable 200.
    async fn get(&self, path: &str) -> Option<Json> {
        let request = Request::get(path).body(Body::empty()).ok()?;
        let response = self.router.clone().oneshot(request).await.ok()?;
        if response.status() != StatusCode::OK {
            return None;
        }
        let bytes = axum::body::to_bytes(response.into_body(), MAX_ANSWER_BYTES).await.ok()?;
        engine::json::parse(std::str::from_utf8(&bytes).ok()?).ok()
    }
}

/// The asked published period, else the newest published one (the app's default).
async fn published_period(api: &Api, asked: Option<&str>) -> Option<Json> {
    let Some(Json::Array(periods)) = api.get("/api/v1/periods").await else { return None };
    let published: Vec<Json> = periods.into_iter().filter(|period| text(period, "state") == "published").collect();
    let asked_one = asked.and_then(|id| published.iter().find(|period| text(period, "id") == id));
    asked_one.or(published.last()).cloned()
}

/// The asked population if the period ranks it, else kabupaten/kota, else the period's first.
fn choose_population(period: &Json, asked: Option<&str>) -> Option<String> {
    let Some(Json::Array(codes)) = period.get("populations") else { return None };
    let codes: Vec<&str> = codes.iter().filter_map(as_str).collect();
    [asked, Some("kabkota")]
        .into_iter()
        .flatten()
        .find(|code| codes.contains(code))
        .or(codes.first().copied())
        .map(str::to_owned)
}

async fn read_rubric(path: &Path) -> Option<Json> {
    let text = tokio::fs::read_to_string(path).await.ok()?;
    engine::json::parse(&text).ok()
}

/// The ranking of one population in one period, with links to the other populations.
pub fn rankings_html(
    period: &Json,
    population: Option<&str>,
    populations: Option<&Json>,
    results: Option<&Json>,
) -> String {
    let period_id = text(period, "id");
    let population_name = |code: &str| -> String {
        match populations {
            Some(Json::Array(list)) => list
                .iter()
                .find(|item| text(item, "code") == code)
                .map_or_else(|| code.to_owned(), |item| text(item, "name").to_owned()),
            _ => code.to_owned(),
        }
    };
    let mut html =
        String::from(r#"<article class="page page--rankings" data-testid="ssr-rankings"><h1>Peringkat</h1>"#);
    let _ = write!(
        html,
        r#"<p class="lead">Peringkat resmi yang sudah diumumkan — {}.</p>"#,
        escape(text(period, "label"))
    );
    if let Some(Json::Array(codes)) = period.get("populations") {
        html.push_str(r#"<nav class="population-tabs" aria-label="Kelompok unit"><ul class="ssr-links">"#);
        for code in codes.iter().filter_map(as_str) {
            let current = if Some(code) == population { r#" aria-current="page""# } else { "" };
            let _ = write!(
                html,
                r#"<li><a href="/peringkat?periode={}&amp;populasi={}"{current}>{}</a></li>"#,
                escape(&encode(period_id)),
                escape(&encode(code)),
                escape(&population_name(code))
            );
        }
        html.push_str("</ul></nav>");
    }
    let Some(Json::Array(rows)) = results else {
        html.push_str(r#"<p class="note">Peringkat kelompok unit ini belum dapat ditampilkan.</p></article>"#);
        return html;
    };
    let caption = format!("{} — {}", population_name(population.unwrap_or_default()), text(period, "label"));
    let _ = write!(
        html,
        r#"<div class="table-scroll"><table class="data-table ranking-table" data-testid="ssr-ranking-table"><caption>{}</caption><thead><tr><th scope="col">Peringkat</th><th scope="col">Unit</th><th scope="col">Nilai total</th><th scope="col">Predikat</th></tr></thead><tbody>"#,
        escape(&caption)
    );
    for row in rows {
        let unit = row.get("unit").unwrap_or(&Json::Null);
        let href = format!("/unit/{}?periode={}", encode(text(unit, "code")), encode(period_id));
        let grade = text(row, "grade");
        let _ = write!(
            html,
            r#"<tr data-testid="ssr-ranking-row"><td class="num">{}</td><th scope="row"><a href="{}">{}</a></th><td class="num">{}</td><td class="grade-cell">{} <span class="grade-cell__category">{}</span></td></tr>"#,
            escape(&number(row, "rank", 0)),
            escape(&href),
            escape(text(unit, "name")),
            escape(&number(row, "total", 2)),
            grade_badge(grade),
            escape(text(row, "category"))
        );
    }
    html.push_str("</tbody></table></div></article>");
    html
}

/// A unit's report card: total, grade, rank and the six spirits.
pub fn unit_html(detail: &Json) -> String {
    let unit = detail.get("unit").unwrap_or(&Json::Null);
    let period = detail.get("period").unwrap_or(&Json::Null);
    let population = unit.get("population").unwrap_or(&Json::Null);
    let mut html = String::from(r#"<article class="page page--unit" data-testid="ssr-unit">"#);
    let _ = write!(
        html,
        r#"<header class="report-header"><h1>{}</h1><p class="report-meta">{} · {}</p></header>"#,
        escape(text(unit, "name")),
        escape(text(population, "name")),
        escape(text(period, "label"))
    );
    let Some(result) = detail.get("result").filter(|result| !matches!(result, Json::Null)) else {
        html.push_str(r#"<p class="note">Belum ada nilai resmi untuk unit ini pada periode ini.</p></article>"#);
        return html;
    };
    let _ = write!(
        html,
        r#"<section class="report-summary" aria-label="Rapor CETTAR"><div class="report-summary__total"><span class="report-summary__label">Nilai total</span> <strong data-testid="ssr-unit-total">{}</strong></div><div class="report-summary__grade"><span class="report-summary__label">Predikat</span> <span data-testid="ssr-unit-grade">{}</span> <span>{}</span></div><div><span class="report-summary__label">Peringkat</span> <strong>{}</strong></div></section>"#,
        escape(&number(result, "total", 2)),
        grade_badge(text(result, "grade")),
        escape(text(result, "category")),
        escape(&number(result, "rank", 0))
    );
    if let Some(Json::Array(spirits)) = result.get("explanation").and_then(|explanation| explanation.get("spirits")) {
        html.push_str(r#"<section class="report-section"><h2>Nilai per semangat</h2><div class="table-scroll"><table class="data-table report-table" data-testid="ssr-unit-spirits"><thead><tr><th scope="col">Semangat</th><th scope="col">Nilai (0–100)</th><th scope="col">Bobot</th><th scope="col">Kontribusi (poin)</th></tr></thead><tbody>"#);
        for spirit in spirits {
            let code = text(spirit, "code");
            let name = SPIRIT_NAMES.iter().find(|(known, _)| *known == code).map_or(code, |(_, name)| name);
            let _ = write!(
                html,
                r#"<tr><th scope="row">{} ({})</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                escape(name),
                escape(code),
                escape(&number(spirit, "score", 2)),
                escape(&number(spirit, "weight", 0)),
                escape(&number(spirit, "contribution", 2))
            );
        }
        html.push_str("</tbody></table></div></section>");
    }
    html.push_str("</article>");
    html
}

/// The home page: what Sibekisar is, and the newest published period's grades per population.
pub fn home_html(period: &Json, populations: Option<&Json>, rankings: &[(String, Json)]) -> String {
    let mut html =
        String::from(r#"<article class="page page--home"><section class="hero"><h1>Selamat datang di Sibekisar</h1>"#);
    html.push_str(r#"<p class="lead">Sibekisar menilai seberapa baik setiap unit pemerintahan di Jawa Timur menjalankan budaya kerja CETTAR — Cepat, Efektif &amp; Efisien, Tanggap, Transparan, Akuntabel dan Responsif — lalu memeringkatnya secara terbuka.</p></section>"#);
    let _ = write!(
        html,
        r#"<section><h2>Dasbor provinsi — {}</h2><table class="data-table" data-testid="ssr-home-figures"><caption>Sebaran predikat per kelompok unit</caption><thead><tr><th scope="col">Kelompok unit</th><th scope="col">Unit</th>"#,
        escape(text(period, "label"))
    );
    for (grade, _, category) in GRADES {
        let _ = write!(html, r#"<th scope="col">{grade} <small>{category}</small></th>"#);
    }
    html.push_str("</tr></thead><tbody>");
    for (code, results) in rankings {
        let Json::Array(rows) = results else { continue };
        let name = match populations {
            Some(Json::Array(list)) => {
                list.iter().find(|item| text(item, "code") == code).map_or(code.as_str(), |item| text(item, "name"))
            }
            _ => code.as_str(),
        };
        let _ = write!(
            html,
            r#"<tr><th scope="row"><a href="/peringkat?periode={}&amp;populasi={}">{}</a></th><td class="num">{}</td>"#,
            escape(&encode(text(period, "id"))),
            escape(&encode(code)),
            escape(name),
            rows.len()
        );
        for (grade, _, _) in GRADES {
            let count = rows.iter().filter(|row| text(row, "grade") == grade).count();
            let _ = write!(html, r#"<td class="num">{count}</td>"#);
        }
        html.push_str("</tr>");
    }
    html.push_str(r#"</tbody></table><p><a href="/peringkat">Lihat peringkat lengkap</a> · <a href="/cara-penilaian">Cara Penilaian</a></p></section></article>"#);
    html
}

/// The simulator's unit picker as a plain form: it accepts a choice before the app has loaded
/// (`app/boot.js` hands the choice to the app's picker) and, without JavaScript, opens the
/// simulator's address for that unit.
pub fn simulator_picker_html(period: &Json, population: &str, results: &Json) -> String {
    let mut html = String::from(
        r#"<article class="page page--simulator"><h1>Simulasi</h1><p class="lead">Pilih unit untuk menyimulasikan nilainya. Perhitungannya berjalan di peramban dan memerlukan JavaScript.</p>"#,
    );
    let _ = write!(
        html,
        r#"<form class="sim-select" method="get" action="/simulasi"><input type="hidden" name="periode" value="{}"><input type="hidden" name="populasi" value="{}"><label for="ssr-sim-unit">Unit</label> <select id="ssr-sim-unit" name="unit" data-testid="ssr-sim-unit-select"><option value="">— pilih unit —</option>"#,
        escape(text(period, "id")),
        escape(population)
    );
    let mut units: Vec<(&str, &str)> = match results {
        Json::Array(rows) => rows
            .iter()
            .map(|row| row.get("unit").unwrap_or(&Json::Null))
            .map(|unit| (text(unit, "name"), text(unit, "code")))
            .collect(),
        _ => Vec::new(),
    };
    units.sort_unstable();
    for (name, code) in units {
        let _ = write!(html, r#"<option value="{}">{}</option>"#, escape(code), escape(name));
    }
    html.push_str(r#"</select> <button type="submit" class="button">Buka</button></form></article>"#);
    html
}

fn unit_not_found_html() -> String {
    r#"<article class="page page--unit" data-testid="ssr-unit"><h1>Rapor unit</h1><p class="alert" role="alert">Unit ini tidak ditemukan atau belum ada hasil yang diumumkan untuknya.</p></article>"#.to_owned()
}

fn no_results_html(title: &str) -> String {
    format!(
        r#"<article class="page"><h1>{}</h1><p class="note">Belum ada hasil yang diumumkan.</p></article>"#,
        escape(title)
    )
}

/// "Cara Penilaian": grades, the computation and rounding rule, and the 2023 spirits, weights and
/// indicators read from the shipped rubrics.
pub fn scoring_rules_html(kabkota: Option<&Json>, opd: Option<&Json>) -> String {
    let mut html = String::from(r#"<article class="page page--rules" data-testid="ssr-rules"><h1>Cara Penilaian</h1>"#);
    html.push_str(r#"<p class="lead">Halaman ini menjelaskan aturan penilaian CETTAR yang dipakai Sibekisar, langsung dari berkas rubrik 2023 yang dikirim bersama aplikasi.</p>"#);
    html.push_str(r#"<section><h2>Predikat</h2><p>Predikat ditentukan dari nilai total: 81,00 ke atas A, 61,00 ke atas B, 41,00 ke atas C, 21,00 ke atas D, selebihnya E.</p><table class="data-table" data-testid="ssr-grade-table"><thead><tr><th scope="col">Predikat</th><th scope="col">Rentang nilai</th><th scope="col">Kategori</th></tr></thead><tbody>"#);
    for (grade, range, category) in GRADES {
        let _ =
            write!(html, r#"<tr><th scope="row">{}</th><td>{range}</td><td>{category}</td></tr>"#, grade_badge(grade));
    }
    html.push_str("</tbody></table></section>");
    html.push_str(r#"<section><h2>Perhitungan dan pembulatan</h2><ol>"#);
    for step in [
        "Untuk setiap semangat, hitung nilai semangat: jumlah (bobot indikator × nilai indikator) dibagi jumlah bobot indikator.",
        "Kontribusi semangat dalam poin = bobot semangat × nilai semangat ÷ 100.",
        "Bulatkan setiap kontribusi ke dua angka desimal, setengah ke atas: angka ketiga 5 atau lebih menaikkan angka kedua (20,245 menjadi 20,25; 20,244 menjadi 20,24).",
        "Nilai total = jumlah keenam kontribusi yang sudah dibulatkan. Predikat diambil dari nilai total itu.",
    ] {
        let _ = write!(html, "<li>{}</li>", escape(step));
    }
    html.push_str("</ol></section>");
    html.push_str(r#"<section><h2>Enam semangat CETTAR dan bobotnya</h2><table class="data-table" data-testid="ssr-spirits-table"><caption>Semangat CETTAR dan bobot 2023 (%)</caption><thead><tr><th scope="col">Kode</th><th scope="col">Semangat</th><th scope="col">Bobot kabupaten/kota</th><th scope="col">Bobot perangkat daerah</th></tr></thead><tbody>"#);
    let weight = |rubric: Option<&Json>, code: &str| -> String {
        match rubric.and_then(|rubric| rubric.get("spirits")) {
            Some(Json::Array(spirits)) => spirits
                .iter()
                .find(|spirit| text(spirit, "code") == code)
                .map_or_else(String::new, |spirit| number(spirit, "weight", 0)),
            _ => String::new(),
        }
    };
    for (code, name) in SPIRIT_NAMES {
        let _ = write!(
            html,
            r#"<tr><th scope="row">{code}</th><td>{name}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(&weight(kabkota, code)),
            escape(&weight(opd, code))
        );
    }
    html.push_str("</tbody></table></section>");
    for (heading, rubric) in
        [("Indikator kabupaten/kota 2023", kabkota), ("Indikator perangkat daerah dan UOBK 2023", opd)]
    {
        let Some(Json::Array(indicators)) = rubric.and_then(|rubric| rubric.get("indicators")) else { continue };
        let _ = write!(
            html,
            r#"<section><h2>{}</h2><table class="data-table"><thead><tr><th scope="col">Indikator</th><th scope="col">Semangat</th><th scope="col">Pengampu</th></tr></thead><tbody>"#,
            escape(heading)
        );
        for indicator in indicators {
            let _ = write!(
                html,
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
                escape(text(indicator, "name")),
                escape(text(indicator, "spirit")),
                escape(text(indicator, "owner"))
            );
        }
        html.push_str("</tbody></table></section>");
    }
    html.push_str("</article>");
    html
}

fn grade_badge(grade: &str) -> String {
    let letter = grade.to_ascii_lowercase();
    if letter.len() == 1 && letter.bytes().all(|byte| byte.is_ascii_lowercase()) {
        format!(r#"<span class="grade-badge grade-badge--{letter}">{}</span>"#, escape(grade))
    } else {
        escape(grade)
    }
}

fn as_str(value: &Json) -> Option<&str> {
    match value {
        Json::String(text) => Some(text),
        _ => None,
    }
}

/// A string member, or "" when absent.
fn text<'a>(value: &'a Json, key: &str) -> &'a str {
    value.get(key).and_then(as_str).unwrap_or_default()
}

fn text_of<'a>(value: &'a Json, path: &[&str]) -> &'a Json {
    path.iter().fold(value, |value, key| value.get(key).unwrap_or(&Json::Null))
}

/// A number member as Indonesian text with at least `decimals` decimals (`84.15` → `84,15`,
/// `18.5` → `18,50`), from the answer's own digits: nothing is re-computed or rounded here.
fn number(value: &Json, key: &str, decimals: usize) -> String {
    let Some(Json::Number(digits)) = value.get(key) else { return String::new() };
    indonesian_number(digits, decimals)
}

pub fn indonesian_number(digits: &str, decimals: usize) -> String {
    if digits.contains(['e', 'E']) {
        return digits.to_owned();
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if decimals == 0 && fraction.trim_end_matches('0').is_empty() {
        return whole.to_owned();
    }
    let mut fraction = fraction.to_owned();
    while fraction.len() < decimals {
        fraction.push('0');
    }
    format!("{whole},{fraction}")
}

/// HTML text and attribute escaping (shared with the app).
pub use contract::html::escape;

/// Percent-encoding of a path segment or query value (everything but unreserved characters).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 3;
            }
            b'+' => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| percent_decode(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        engine::json::parse(text).expect("test JSON is valid")
    }

    #[test]
    fn addresses_name_the_pages_the_server_writes() {
        let page = |uri: &str| PublicPage::from_uri(&uri.parse::<Uri>().expect("test address is valid"));
        assert_eq!(page("/peringkat"), Some(PublicPage::Rankings { period: None, population: None }));
        assert_eq!(
            page("/peringkat?periode=2023-annual&populasi=opd"),
            Some(PublicPage::Rankings { period: Some("2023-annual".into()), population: Some("opd".into()) })
        );
        assert_eq!(
            page("/unit/kota%20batu?periode="),
            Some(PublicPage::Unit { code: "kota batu".into(), period: None })
        );
        assert_eq!(page("/cara-penilaian"), Some(PublicPage::ScoringRules));
        assert_eq!(page("/unit/"), None);
        assert_eq!(page("/unit/a/b"), None);
        assert_eq!(page("/simulasi"), Some(PublicPage::Simulator { unit_chosen: false }));
        assert_eq!(page("/simulasi?unit=kota-a"), Some(PublicPage::Simulator { unit_chosen: true }));
        assert_eq!(page("/"), Some(PublicPage::Home));
        assert_eq!(page("/penilaian"), None);
        assert_eq!(page("/unit/%zz"), None);
    }

    #[test]
    fn numbers_keep_the_answers_digits_in_indonesian_notation() {
        assert_eq!(indonesian_number("84.15", 2), "84,15");
        assert_eq!(indonesian_number("18.5", 2), "18,50");
        assert_eq!(indonesian_number("92.4975", 2), "92,4975");
        assert_eq!(indonesian_number("3", 0), "3");
        assert_eq!(indonesian_number("81", 2), "81,00");
    }

    #[test]
    fn a_ranking_is_escaped_rows_with_links_to_the_report_cards() {
        let period =
            json(r#"{"id":"2023-annual","label":"Tahunan 2023","state":"published","populations":["kabkota","opd"]}"#);
        let populations =
            json(r#"[{"code":"kabkota","name":"Kabupaten/Kota"},{"code":"opd","name":"Perangkat Daerah"}]"#);
        let results = json(
            r#"[{"rank":1,"unit":{"code":"kota-a","name":"Kota <A> & Co"},"total":84.15,"grade":"A","category":"Sangat Cettar"},
                {"rank":2,"unit":{"code":"kota-b","name":"Kota B"},"total":61.00,"grade":"B","category":"Cettar"}]"#,
        );
        let html = rankings_html(&period, Some("kabkota"), Some(&populations), Some(&results));
        assert_eq!(html.matches(r#"data-testid="ssr-ranking-row""#).count(), 2);
        assert!(html.contains(r#"<a href="/unit/kota-a?periode=2023-annual">Kota &lt;A&gt; &amp; Co</a>"#), "{html}");
        assert!(html.contains(r#"<td class="num">84,15</td>"#));
        assert!(html.contains(r#"<span class="grade-badge grade-badge--a">A</span>"#));
        assert!(html.contains(r#"<a href="/peringkat?periode=2023-annual&amp;populasi=opd">Perangkat Daerah</a>"#));
        assert!(!html.contains("<A>"));
    }

    #[test]
    fn a_report_card_shows_total_grade_and_spirits() {
        let detail = json(
            r#"{"period":{"id":"p","label":"Tahunan 2023"},"unit":{"code":"u","name":"Kabupaten \"X\"","population":{"name":"Kabupaten/Kota"}},
                "result":{"rank":1,"total":84.15,"grade":"A","category":"Sangat Cettar",
                          "explanation":{"spirits":[{"code":"C","score":92.4975,"weight":20,"contribution":18.5}]}}}"#,
        );
        let html = unit_html(&detail);
        assert!(html.contains(r#"<h1>Kabupaten &quot;X&quot;</h1>"#), "{html}");
        assert!(html.contains(r#"<strong data-testid="ssr-unit-total">84,15</strong>"#));
        assert!(html.contains(
            r#"<span data-testid="ssr-unit-grade"><span class="grade-badge grade-badge--a">A</span></span>"#
        ));
        assert!(html.contains(r#"<th scope="row">Cepat (C)</th><td class="num">92,4975</td><td class="num">20</td><td class="num">18,50</td>"#));
        let unscored = unit_html(&json(r#"{"unit":{"name":"U"},"result":null}"#));
        assert!(unscored.contains("Belum ada nilai resmi"));
    }

    #[test]
    fn the_shell_replaces_the_body_tag_once_and_names_the_page() {
        let index = "<html><head><title>Sibekisar</title></head><body>\n<noscript>x</noscript></body></html>";
        let page = into_shell(index, "Peringkat <1>", "<p>content</p>", "/peringkat");
        assert!(page.contains("<title>Peringkat &lt;1&gt; — Sibekisar</title>"));
        assert!(page.contains(r#"<body data-prerendered><div id="prerendered">"#));
        assert!(page.contains(r#"<li><a href="/peringkat" aria-current="page">Peringkat</a></li>"#));
        assert!(
            page.contains(r#"<li><a href="/" >Beranda</a></li>"#)
                || page.contains(r#"<li><a href="/">Beranda</a></li>"#)
        );
        assert_eq!(page.matches("<body").count(), 1);
    }

    #[test]
    fn the_home_page_counts_grades_per_population() {
        let period = json(r#"{"id":"2023-annual","label":"Tahunan 2023"}"#);
        let results = json(r#"[{"grade":"A"},{"grade":"B"},{"grade":"B"},{"grade":"E"}]"#);
        let html = home_html(&period, None, &[("kabkota".to_owned(), results)]);
        assert!(html.contains(r#"<a href="/peringkat?periode=2023-annual&amp;populasi=kabkota">kabkota</a></th><td class="num">4</td><td class="num">1</td><td class="num">2</td><td class="num">0</td><td class="num">0</td><td class="num">1</td></tr>"#), "{html}");
    }

    #[test]
    fn the_simulator_picker_lists_the_units_by_name() {
        let period = json(r#"{"id":"2023-annual"}"#);
        let results =
            json(r#"[{"unit":{"code":"kota-b","name":"Kota B <x>"}},{"unit":{"code":"kota-a","name":"Kota A"}}]"#);
        let html = simulator_picker_html(&period, "kabkota", &results);
        assert!(html.contains(r#"<option value="">— pilih unit —</option><option value="kota-a">Kota A</option><option value="kota-b">Kota B &lt;x&gt;</option></select>"#), "{html}");
        assert!(html.contains(r#"<input type="hidden" name="periode" value="2023-annual">"#));
    }

    #[test]
    fn preloads_are_the_apps_own_addresses() {
        assert_eq!(
            results_url("2023-annual", "kab kota"),
            "/api/v1/periods/2023-annual/results?population=kab%20kota&"
        );
        assert_eq!(
            preload_links(&["/a?b=1&".to_owned()]),
            r#"<link rel="preload" href="/a?b=1&amp;" as="fetch" crossorigin>"#
        );
    }

    #[test]
    fn the_rules_page_has_the_grade_table_and_the_rubrics_weights() {
        let kabkota = json(
            r#"{"spirits":[{"code":"C","weight":20}],"indicators":[{"name":"KIPP","spirit":"C","owner":"Biro <Organisasi>"}]}"#,
        );
        let html = scoring_rules_html(Some(&kabkota), None);
        assert_eq!(html.matches("<tr><th scope=\"row\"><span class=\"grade-badge").count(), 5);
        assert!(
            html.contains(
                r#"<tr><th scope="row">C</th><td>Cepat</td><td class="num">20</td><td class="num"></td></tr>"#
            )
        );
        assert!(html.contains("Biro &lt;Organisasi&gt;"));
    }
}

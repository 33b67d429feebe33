//! The policy monitor's demo state ("data contoh"), loaded with `SIBEKISAR_DEMO=1` on top of the
//! East Java demo units: the province's own unit (population `provinsi`) and a plausible but
//! invented picture — 10 of the 38 regencies/cities have issued their guideline, some are
//! drafting, two actions are overdue, four governments are stalled. Every regulation number ends
//! in "(contoh)" and every note says it is demo data; the API marks the whole monitor `demo`.
//!
//! `Application::build` loads it at start-up, right after the East Java demo data, so that no
//! request (a GET least of all) writes it. The `app_meta` key `policy_demo_loaded` is claimed
//! inside the loading transaction, so two processes starting on one database load it once.

use anyhow::Result;

use super::model::today_wib;
use super::storage::{ActionWrite, DEMO_KEY, PolicyStore, StageWrite, Stamp};
use crate::startup::AppState;
use crate::storage::dispatch::in_transaction;

pub const PROVINCE_CODE: &str = "provinsi-jawa-timur";
pub const PROVINCE_NAME: &str = "Pemerintah Provinsi Jawa Timur";
const DEMO_ACTOR: &str = "demo";
const DEMO_NOTE: &str = "Data contoh (mode demo), bukan fakta.";

/// `(unit, [(stage, status)], reference of the guideline, days since the last change)`.
type DemoGovernment = (&'static str, &'static [(&'static str, &'static str)], Option<&'static str>, u64);

const GOVERNMENTS: &[DemoGovernment] = &[
    (
        PROVINCE_CODE,
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "selesai"), ("JUKNIS", "proses")],
        Some("Pergub Jatim 00/2024 (contoh)"),
        10,
    ),
    (
        "kota-surabaya",
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "selesai"), ("JUKNIS", "selesai"), ("SUMBER_DAYA", "proses")],
        Some("Perwali Surabaya 00/2024 (contoh)"),
        5,
    ),
    (
        "kabupaten-sidoarjo",
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "selesai"), ("JUKNIS", "proses")],
        Some("Perbup Sidoarjo 00/2024 (contoh)"),
        20,
    ),
    ("kota-malang", &[("PEDOMAN", "selesai"), ("SOSIALISASI", "proses")], Some("Perwali Malang 00/2024 (contoh)"), 30),
    (
        "kabupaten-gresik",
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "selesai")],
        Some("Perbup Gresik 00/2024 (contoh)"),
        95,
    ),
    ("kota-batu", &[("PEDOMAN", "selesai")], Some("Perwali Batu 00/2024 (contoh)"), 120),
    (
        "kabupaten-lamongan",
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "proses")],
        Some("Perbup Lamongan 00/2024 (contoh)"),
        45,
    ),
    ("kota-madiun", &[("PEDOMAN", "selesai")], Some("Perwali Madiun 00/2024 (contoh)"), 75),
    (
        "kabupaten-jombang",
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "selesai")],
        Some("Perbup Jombang 00/2024 (contoh)"),
        15,
    ),
    ("kabupaten-tulungagung", &[("PEDOMAN", "selesai")], Some("Perbup Tulungagung 00/2024 (contoh)"), 200),
    (
        "kota-mojokerto",
        &[("PEDOMAN", "selesai"), ("SOSIALISASI", "selesai"), ("JUKNIS", "proses")],
        Some("Perwali Mojokerto 00/2024 (contoh)"),
        8,
    ),
    ("kabupaten-kediri", &[("PEDOMAN", "proses")], None, 25),
    ("kabupaten-jember", &[("PEDOMAN", "proses")], None, 40),
    ("kota-kediri", &[("PEDOMAN", "proses")], None, 12),
    ("kabupaten-magetan", &[("PEDOMAN", "proses")], None, 33),
    ("kabupaten-pacitan", &[("PEDOMAN", "proses")], None, 50),
];

/// `(unit, title, owner, due in days from today (negative: past), status)`.
const ACTIONS: &[(&str, &str, &str, i64, &str)] = &[
    ("kota-malang", "Menyusun petunjuk teknis pola kerja tim (contoh)", "Bagian Organisasi", -10, "berjalan"),
    ("kabupaten-gresik", "Bimbingan teknis sistem kerja bagi pejabat fungsional (contoh)", "BKPSDM", -30, "rencana"),
    ("kota-surabaya", "Integrasi e-Kinerja dengan penugasan tim (contoh)", "Diskominfo", 45, "berjalan"),
    ("kabupaten-sidoarjo", "Sosialisasi pedoman ke kecamatan (contoh)", "Bagian Organisasi", -20, "selesai"),
];

/// `(unit, [(indicator, label)])` of demo Van Meter & Van Horn assessments.
const ASSESSMENTS: &[(&str, &[(&str, &str)])] = &[(
    "kota-surabaya",
    &[
        ("SS_TUJUAN", "mapan"),
        ("SS_TURUNAN", "berkembang"),
        ("SD_SDM", "berkembang"),
        ("SD_ANGGARAN", "berkembang"),
        ("SD_SPBE", "mapan"),
        ("KA_STRUKTUR", "mapan"),
        ("KA_SOP", "berkembang"),
        ("KOM_KOORDINASI", "berkembang"),
        ("KOM_SOSIALISASI", "awal"),
        ("DIS_KOMITMEN", "mapan"),
        ("DIS_PEMAHAMAN", "awal"),
        ("LSEP_DUKUNGAN", "berkembang"),
        ("LSEP_ADAPTASI", "berkembang"),
    ],
)];

/// Loads the demo state once, when demo mode is on and the East Java demo units are there.
///
/// # Errors
/// Storage fails (nothing is changed then).
pub async fn ensure(state: &AppState) -> Result<()> {
    if !state.settings.load_demo_data {
        return Ok(());
    }
    let store = PolicyStore::new(&state.database);
    if store.meta_present(DEMO_KEY).await? || !store.meta_present(crate::demo::DEMO_MARKER).await? {
        return Ok(());
    }
    load(state).await
}

async fn load(state: &AppState) -> Result<()> {
    let now_millis = state.auth.now_millis();
    let ago = |days: u64| now_millis.saturating_sub(days * 86_400_000);
    let now = crate::storage::format_timestamp(u128::from(now_millis));
    let loaded: Result<bool> = in_transaction!(&state.database, super::storage::queries, |transaction, q| async {
        if !q::claim_meta(&mut transaction, DEMO_KEY, &now).await? {
            return Ok::<bool, anyhow::Error>(false);
        }
        q::ensure_province(&mut transaction, &crate::storage::new_id("u"), PROVINCE_CODE, PROVINCE_NAME, &now).await?;
        for (unit_code, stages, reference, days) in GOVERNMENTS {
            let Some(government) = q::government(&mut transaction, unit_code).await? else { continue };
            let changed_at = crate::storage::format_timestamp(u128::from(ago(*days)));
            let stamp = Stamp { actor: DEMO_ACTOR, now: &changed_at };
            for (index, (stage_code, status)) in stages.iter().enumerate() {
                // Earlier stages happened earlier: a month apart.
                let day = today_wib(ago(days + 30 * (stages.len() - 1 - index) as u64));
                let is_guideline = *stage_code == "PEDOMAN" && *status == "selesai";
                let write = StageWrite {
                    unit_id: &government.id,
                    stage_code,
                    status,
                    date: (*status == "selesai").then_some(day.as_str()),
                    reference: if is_guideline { *reference } else { None },
                    note: Some(DEMO_NOTE),
                    evidence_url: None,
                };
                q::put_stage(&mut transaction, &write, stamp).await?;
            }
        }
        for (unit_code, title, owner, due_in_days, status) in ACTIONS {
            let Some(government) = q::government(&mut transaction, unit_code).await? else { continue };
            let due_millis = if *due_in_days < 0 {
                now_millis.saturating_sub(due_in_days.unsigned_abs() * 86_400_000)
            } else {
                now_millis + due_in_days.unsigned_abs() * 86_400_000
            };
            let due_date = today_wib(due_millis);
            let write = ActionWrite { title, owner, due_date: &due_date, status, evidence_url: None };
            let changed_at = crate::storage::format_timestamp(u128::from(ago(40)));
            let stamp = Stamp { actor: DEMO_ACTOR, now: &changed_at };
            q::put_action(&mut transaction, &government.id, &crate::storage::new_id("act"), true, &write, stamp)
                .await?;
        }
        Ok::<bool, anyhow::Error>(true)
    }
    .await);
    if !loaded? {
        return Ok(());
    }
    // The assessments are entries of the `sistem-kerja` period, written like any others.
    let period = super::period::ensure(&state.database, &now).await?;
    let changes: Vec<crate::storage::ChangeRequest> = ASSESSMENTS
        .iter()
        .flat_map(|(unit_code, values)| values.iter().map(move |(code, label)| (*unit_code, *code, *label)))
        .map(|(unit_code, code, label)| crate::storage::ChangeRequest {
            unit_code: unit_code.to_owned(),
            indicator_code: code.to_owned(),
            value_json: format!("\"{label}\""),
            base_version: 0,
            idempotency_key: crate::storage::new_id("demo"),
            request_sha256: crate::results::scoring::content_sha256(&format!("{unit_code}\n{code}\n{label}")),
            reason: Some(DEMO_NOTE.to_owned()),
            note: None,
            recommendation: None,
            evidence_link: None,
            allowed: true,
        })
        .collect();
    let render = |entry: &crate::storage::EntryRecord| (200, entry.indicator_code.clone());
    state.database.apply_changes(&period.id, DEMO_ACTOR, true, &changes, &render, &now).await?;
    tracing::info!("policy demo state loaded (data contoh)");
    Ok(())
}

//! The policy monitor's demo state ("data contoh"), loaded with `SIBEKISAR_DEMO=1` on top of the
//! East Java demo units: the province's own unit (population `provinsi`) and a plausible but
//! invented picture — 10 of the 38 regencies/cities have issued their guideline, some are
//! drafting, two actions are overdue, four governments are stalled; target dates (two stages
//! late), a monitoring plan, and two agencies of Kota Surabaya with their work-system elements.
//! Every regulation number ends in "(contoh)" and every note says it is demo data; the API marks
//! the whole monitor `demo`.
//!
//! `Application::build` loads it at start-up, right after the East Java demo data, so that no
//! request (a GET least of all) writes it. The `app_meta` key `policy_demo_loaded` is claimed
//! inside the loading transaction, so two processes starting on one database load it once.

use anyhow::Result;

use super::model::today_wib;
use super::storage::{
    ActionWrite, CheckpointRow, DEMO_KEY, ElementWrite, PlanWrite, PolicyStore, StageOutcome, StageWrite, Stamp,
};
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

/// `(unit, title, owner role, due in days from today (negative: past), status, stage)`.
type DemoAction = (&'static str, &'static str, &'static str, i64, &'static str, Option<&'static str>);

const ACTIONS: &[DemoAction] = &[
    (
        "kota-malang",
        "Menyusun petunjuk teknis pola kerja tim (contoh)",
        "bagian_organisasi",
        -10,
        "berjalan",
        Some("JUKNIS"),
    ),
    (
        "kabupaten-gresik",
        "Bimbingan teknis sistem kerja bagi pejabat fungsional (contoh)",
        "bkpsdm",
        -30,
        "rencana",
        Some("SUMBER_DAYA"),
    ),
    ("kota-surabaya", "Integrasi e-Kinerja dengan penugasan tim (contoh)", "diskominfo", 45, "berjalan", None),
    (
        "kabupaten-sidoarjo",
        "Sosialisasi pedoman ke kecamatan (contoh)",
        "bagian_organisasi",
        -20,
        "selesai",
        Some("SOSIALISASI"),
    ),
];

/// `(unit, [(stage, target in days from today (negative: past))])`: the coordinator's plan.
/// Kota Malang's socialisation and Kabupaten Kediri's guideline are late.
const TARGETS: &[(&str, &[(&str, i64)])] = &[
    ("kota-malang", &[("SOSIALISASI", -20), ("JUKNIS", 60)]),
    ("kota-surabaya", &[("SUMBER_DAYA", 30), ("IMPLEMENTASI", 120)]),
    ("kabupaten-kediri", &[("PEDOMAN", -15), ("SOSIALISASI", 45)]),
];

/// The demo agencies' population (bound by no CETTAR period) and `(code, name, parent,
/// [(element, status)])`.
const AGENCY_POPULATION: (&str, &str, &str) =
    ("pd-kabkota", "Perangkat daerah kabupaten/kota", "Regency/city agencies");
type DemoAgency = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

const AGENCIES: &[DemoAgency] = &[
    (
        "sby-diskominfo",
        "Dinas Komunikasi dan Informatika Kota Surabaya (contoh)",
        "kota-surabaya",
        &[("JABATAN", "selesai"), ("PENUGASAN", "selesai"), ("PELAKSANAAN", "proses"), ("TIK", "selesai")],
    ),
    (
        "sby-bkpsdm",
        "Badan Kepegawaian dan Pengembangan SDM Kota Surabaya (contoh)",
        "kota-surabaya",
        &[("JABATAN", "selesai"), ("PENUGASAN", "proses"), ("KINERJA", "proses")],
    ),
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
                    // The demo's stages are in order.
                    earlier_stages: &[],
                    confirm_out_of_order: false,
                    order_reason: None,
                };
                let StageOutcome::Written(_) = q::put_stage(&mut transaction, &write, stamp).await? else {
                    anyhow::bail!("a demo stage is out of order");
                };
            }
        }
        let day_in = |days: i64| {
            today_wib(if days < 0 {
                now_millis.saturating_sub(days.unsigned_abs() * 86_400_000)
            } else {
                now_millis + days.unsigned_abs() * 86_400_000
            })
        };
        for (unit_code, title, owner_role, due_in_days, status, stage_code) in ACTIONS {
            let Some(government) = q::government(&mut transaction, unit_code).await? else { continue };
            let due_date = day_in(*due_in_days);
            let write = ActionWrite {
                title,
                owner_role,
                owner: "",
                due_date: &due_date,
                status,
                stage_code: *stage_code,
                variable_code: None,
                evidence_url: None,
            };
            let changed_at = crate::storage::format_timestamp(u128::from(ago(40)));
            let stamp = Stamp { actor: DEMO_ACTOR, now: &changed_at };
            q::put_action(&mut transaction, &government.id, &crate::storage::new_id("act"), true, &write, stamp)
                .await?;
        }
        let stamp = Stamp { actor: DEMO_ACTOR, now: &now };
        for (unit_code, targets) in TARGETS {
            let Some(government) = q::government(&mut transaction, unit_code).await? else { continue };
            let checkpoints = targets
                .iter()
                .map(|(stage_code, days)| CheckpointRow {
                    stage_code: (*stage_code).to_owned(),
                    checkpoint_date: day_in(*days),
                    title: format!("Titik pantau {stage_code} (contoh)"),
                })
                .collect();
            let plan = PlanWrite {
                targets: targets
                    .iter()
                    .map(|(stage_code, days)| ((*stage_code).to_owned(), Some(day_in(*days))))
                    .collect(),
                checkpoints: Some(checkpoints),
            };
            q::put_plan(&mut transaction, &government.id, &plan, stamp).await?;
        }
        let (population, population_name, population_name_en) = AGENCY_POPULATION;
        for (code, name, parent, elements) in AGENCIES {
            let Some(government) = q::government(&mut transaction, parent).await? else { continue };
            let population = (population, population_name, population_name_en);
            let agency_id = q::ensure_agency(
                &mut transaction,
                &crate::storage::new_id("u"),
                code,
                name,
                population,
                &government.id,
                &now,
            )
            .await?;
            for (element_code, status) in *elements {
                let write = ElementWrite {
                    government_id: &government.id,
                    agency_id: &agency_id,
                    agency_code: code,
                    element_code,
                    status,
                    note: Some(DEMO_NOTE),
                    evidence_url: Some("https://contoh.invalid/bukti-sistem-kerja"),
                };
                q::put_element(&mut transaction, &write, stamp).await?;
            }
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

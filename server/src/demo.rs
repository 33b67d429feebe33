//! The demo data set: the real East Java 2023 assessment (`public/demo/sibekisar-2023/`), so that
//! a newcomer running `SIBEKISAR_DEMO=1` sees real-looking data.
//!
//! The files are embedded in the binary, which must not depend on the repository layout at run
//! time. The CSV files hold the converted 0–100 scores; the 2023 rubrics' rules are identity
//! scales, so those scores are the raw values. `uobk` (hospitals) uses the OPD rubric.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use crate::results::scoring;
use crate::storage::{Database, EntryStatus, PeriodKind, PeriodState, Seed, SeedEntry, SeedPeriod, SeedUnit};

/// The `app_meta` key recording that the demo data was loaded.
pub const DEMO_MARKER: &str = "demo_data_loaded";

const RUBRIC_OPD_2023: &str = include_str!("../../public/rubrics/rubric-opd-2023.json");
const RUBRIC_KABKOTA_2023: &str = include_str!("../../public/rubrics/rubric-kabkota-2023.json");
const VALUES_OPD_2023: &str = include_str!("../../public/demo/sibekisar-2023/values-opd-2023.csv");
const VALUES_UOBK_2023: &str = include_str!("../../public/demo/sibekisar-2023/values-uobk-2023.csv");
const VALUES_KABKOTA_2023: &str = include_str!("../../public/demo/sibekisar-2023/values-kabkota-2023.csv");

/// Loads the demo data into an empty database; does nothing (and says so) otherwise.
///
/// # Errors
/// The embedded data is invalid (a build defect) or the database fails; nothing is changed.
#[tracing::instrument(skip(database))]
pub async fn load_demo_data(database: &Database, now: &str) -> Result<()> {
    let seed = demo_seed().context("the embedded demo data is invalid")?;
    if database.load_seed(&seed, now).await.context("cannot load the demo data")? {
        tracing::info!("demo data loaded: East Java 2023 (published), 2024 triwulan I (open)");
    } else {
        tracing::info!("demo data not loaded: the database already holds data");
    }
    Ok(())
}

/// Owners' notes and recommendations on a few 2023 values, so that a newcomer sees where they
/// appear (unit page, report card, history). The values are the real 2023 ones; these texts are
/// written for the demo and say so: `(unit code, indicator, note, recommendation)`.
const SAMPLE_NOTES: &[(&str, &str, &str, &str)] = &[
    (
        "kabupaten-bangkalan",
        "SISTEM_MERIT",
        "Contoh: belum ada penilaian mandiri Sistem Merit yang diunggah pada tahun 2023.",
        "Contoh: susun penilaian mandiri Sistem Merit bersama BKD dan ajukan ke KASN sebelum triwulan II; \
         Biro Organisasi siap mendampingi.",
    ),
    (
        "kabupaten-bangkalan",
        "ZONA_INTEGRITAS",
        "Contoh: satu unit kerja diusulkan, belum lolos penilaian TPI.",
        "Contoh: pilih unit layanan dengan nilai IKM tertinggi sebagai percontohan Zona Integritas dan \
         lengkapi bukti pengungkit area perubahan.",
    ),
    (
        "sekretariat-dprd",
        "KIPP",
        "Contoh: tidak ada inovasi yang didaftarkan ke KIPP 2023.",
        "Contoh: daftarkan minimal satu inovasi pelayanan (misalnya layanan aspirasi daring) pada KIPP tahun berikutnya.",
    ),
    (
        "rsud-karsa-husada",
        "SAKIP",
        "Contoh: dokumen SAKIP tidak diunggah hingga batas waktu, sehingga nilainya 0.",
        "Contoh: selaraskan pohon kinerja dengan Renstra dan lengkapi evaluasi internal triwulanan.",
    ),
];

/// The demo data set, parsed from the embedded files.
///
/// # Errors
/// A malformed embedded file.
pub fn demo_seed() -> Result<Seed> {
    let opd_rubric_id = scoring::check_rubric(RUBRIC_OPD_2023)
        .map_err(|problems| anyhow::anyhow!("OPD rubric: {problems:?}"))?
        .id()
        .to_owned();
    let kabkota_rubric_id = scoring::check_rubric(RUBRIC_KABKOTA_2023)
        .map_err(|problems| anyhow::anyhow!("kab/kota rubric: {problems:?}"))?
        .id()
        .to_owned();
    let bindings = vec![
        ("opd".to_owned(), opd_rubric_id.clone()),
        ("uobk".to_owned(), opd_rubric_id),
        ("kabkota".to_owned(), kabkota_rubric_id),
    ];
    let mut units: BTreeMap<String, SeedUnit> = BTreeMap::new();
    let mut entries = Vec::new();
    for (population, csv) in [("opd", VALUES_OPD_2023), ("uobk", VALUES_UOBK_2023), ("kabkota", VALUES_KABKOTA_2023)] {
        let rows = parse_csv(csv).with_context(|| format!("values-{population}-2023.csv"))?;
        let Some((header, records)) = rows.split_first() else { bail!("values-{population}-2023.csv is empty") };
        if header != &["unit", "indicator", "score"] {
            bail!("values-{population}-2023.csv: unexpected header {header:?}");
        }
        for (row_index, record) in records.iter().enumerate() {
            let [name, indicator, score] = record.as_slice() else {
                bail!("values-{population}-2023.csv row {}: expected 3 fields", row_index + 2);
            };
            let code = slug(name);
            if code.is_empty() {
                bail!("values-{population}-2023.csv row {}: unit name `{name}` has no letters", row_index + 2);
            }
            let unit = units.entry(code.clone()).or_insert_with(|| SeedUnit {
                code: code.clone(),
                name: name.clone(),
                population: population.to_owned(),
            });
            if unit.population != population || unit.name != *name {
                bail!("unit code {code} is used by `{}` ({}) and `{name}` ({population})", unit.name, unit.population);
            }
            let value_json = scoring::number_value_json(score).with_context(|| {
                format!("values-{population}-2023.csv row {}: `{score}` is not a number", row_index + 2)
            })?;
            let (note, recommendation) = SAMPLE_NOTES
                .iter()
                .find(|sample| sample.0 == code && sample.1 == indicator)
                .map_or((None, None), |sample| (Some(sample.2.to_owned()), Some(sample.3.to_owned())));
            entries.push(SeedEntry {
                unit_code: code,
                indicator_code: indicator.clone(),
                value_json,
                note,
                recommendation,
            });
        }
    }
    Ok(Seed {
        marker: DEMO_MARKER,
        entered_by: "demo".to_owned(),
        rubrics: vec![RUBRIC_OPD_2023.to_owned(), RUBRIC_KABKOTA_2023.to_owned()],
        units: units.into_values().collect(),
        periods: vec![
            SeedPeriod {
                year: 2023,
                kind: PeriodKind::Annual,
                state: PeriodState::Published,
                rubrics: bindings.clone(),
                entry_status: EntryStatus::Verified,
                entries,
                compute_results: true,
            },
            // An open quarter to enter values into. It reuses the 2023 rubrics only because the
            // demo has no 2024 rubric; it is not public and holds no values.
            SeedPeriod {
                year: 2024,
                kind: PeriodKind::Q1,
                state: PeriodState::Open,
                rubrics: bindings,
                entry_status: EntryStatus::Submitted,
                entries: Vec::new(),
                compute_results: false,
            },
        ],
    })
}

/// A unit code from its name: lower-case ASCII letters and digits, runs of anything else
/// become one `-` (`RSUD. dr. Soetomo` → `rsud-dr-soetomo`).
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for character in name.chars() {
        if character.is_ascii_alphanumeric() {
            slug.push(character.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Parses RFC 4180 CSV: quoted fields may hold commas, line breaks and doubled quotes; CRLF or
/// LF line ends; a final line end is optional; blank lines are skipped.
///
/// # Errors
/// An unterminated quoted field, or text right after a closing quote.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut characters = text.chars().peekable();
    let mut line = 1_usize;
    let mut field_started = false;
    while let Some(character) = characters.next() {
        match character {
            '"' if field.is_empty() && !field_started => {
                field_started = true;
                loop {
                    match characters.next() {
                        Some('"') if characters.peek() == Some(&'"') => {
                            characters.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(inner) => {
                            if inner == '\n' {
                                line += 1;
                            }
                            field.push(inner);
                        }
                        None => bail!("line {line}: a quoted field is not closed"),
                    }
                }
                match characters.peek() {
                    None | Some(',' | '\n' | '\r') => {}
                    Some(other) => bail!("line {line}: `{other}` after a closing quote"),
                }
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' if characters.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                row.push(std::mem::take(&mut field));
                field_started = false;
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
            }
            other => {
                field_started = true;
                field.push(other);
            }
        }
    }
    if field_started || !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_follows_rfc_4180() {
        let rows =
            parse_csv("unit,indicator,score\r\n\"Dinas A,B dan C\",IKM,84.25\n\"Say \"\"hi\"\"\",X,1\n\nlast,Y,2")
                .expect("valid CSV");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1], ["Dinas A,B dan C", "IKM", "84.25"]);
        assert_eq!(rows[2], ["Say \"hi\"", "X", "1"]);
        assert_eq!(rows[3], ["last", "Y", "2"]);
        assert!(parse_csv("\"open,1").is_err());
        assert!(parse_csv("\"a\"b,1").is_err());
        assert_eq!(parse_csv("a,,\n").expect("empty fields"), [["a", "", ""]]);
    }

    #[test]
    fn slugs_are_lower_case_ascii_with_single_dashes() {
        assert_eq!(slug("RSUD. dr. Soetomo"), "rsud-dr-soetomo");
        assert_eq!(
            slug("Dinas Pemberdayaan Perempuan,Perlindungan Anak"),
            "dinas-pemberdayaan-perempuan-perlindungan-anak"
        );
        assert_eq!(slug("  Kota Batu  "), "kota-batu");
        assert_eq!(slug("Dinas PU Bina Marga"), "dinas-pu-bina-marga");
    }

    #[test]
    fn the_demo_seed_has_every_2023_unit_and_value() {
        let seed = demo_seed().expect("embedded demo data is valid");
        let count = |population: &str| seed.units.iter().filter(|unit| unit.population == population).count();
        assert_eq!((count("opd"), count("uobk"), count("kabkota")), (50, 6, 38));
        assert_eq!(seed.periods[0].entries.len(), 1100 + 132 + 836);
        assert!(seed.periods[1].entries.is_empty());
        let with_recommendation = seed.periods[0].entries.iter().filter(|entry| entry.recommendation.is_some()).count();
        assert_eq!(with_recommendation, SAMPLE_NOTES.len(), "every sample note names a real unit and indicator");
    }
}

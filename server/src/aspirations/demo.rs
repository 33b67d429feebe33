//! The aspiration service at start-up: retention runs once (then on every write), and in demo
//! mode a handful of realistic messages and answers for two units are stored, so that a newcomer
//! sees the public pages, the moderation list and the response times populated. Every demo
//! message says it is an example.

use anyhow::{Context, Result};

use super::storage::{NewAspiration, Step, StoreOutcome};
use crate::startup::AppState;

const DAY_MILLIS: i64 = 86_400_000;

/// `(unit, category, text, contact, days ago submitted, published, answer and days after)`.
type DemoMessage =
    (&'static str, &'static str, &'static str, Option<&'static str>, i64, bool, Option<(&'static str, i64)>);

const MESSAGES: &[DemoMessage] = &[
    (
        "kabupaten-banyuwangi",
        "pelayanan",
        "(Contoh) Antrean pembuatan KTP-el di kantor kecamatan sangat panjang pada hari Senin. Mohon ditambah loket atau \
         dibuka layanan antrean daring.",
        Some("warga.contoh@example.id"),
        30,
        true,
        Some((
            "(Contoh) Terima kasih atas masukannya. Mulai bulan depan antrean daring dibuka melalui aplikasi layanan \
             kependudukan dan satu loket tambahan dibuka setiap Senin.",
            2,
        )),
    ),
    (
        "kabupaten-banyuwangi",
        "informasi",
        "(Contoh) Di mana saya bisa melihat jadwal penyaluran bantuan pupuk bersubsidi untuk kelompok tani?",
        None,
        21,
        true,
        Some((
            "(Contoh) Jadwal penyaluran diumumkan di laman Dinas Pertanian dan papan informasi balai desa setiap awal bulan.",
            1,
        )),
    ),
    (
        "kabupaten-banyuwangi",
        "pengaduan",
        "(Contoh) Lampu penerangan jalan di ruas menuju pelabuhan padam sejak dua minggu lalu.",
        Some("0812-0000-0000"),
        9,
        true,
        None,
    ),
    (
        "kabupaten-banyuwangi",
        "saran",
        "(Contoh) Sebaiknya formulir perizinan usaha mikro bisa diisi dari ponsel tanpa harus mencetak.",
        None,
        2,
        false,
        None,
    ),
    (
        "kota-surabaya",
        "pelayanan",
        "(Contoh) Layanan pengaduan air bersih sulit dihubungi melalui telepon pada jam kerja.",
        Some("warga2.contoh@example.id"),
        40,
        true,
        Some((
            "(Contoh) Kami menambah petugas penerima telepon dan membuka kanal pesan singkat untuk pengaduan air bersih.",
            6,
        )),
    ),
    (
        "kota-surabaya",
        "saran",
        "(Contoh) Taman kota sebaiknya dilengkapi jalur ramah kursi roda di setiap pintu masuk.",
        None,
        12,
        true,
        Some(("(Contoh) Usulan ini masuk rencana perbaikan taman tahun depan; terima kasih.", 3)),
    ),
];

/// Runs at start-up, after the demo data: deletes expired contacts and, in demo mode, stores the
/// demo messages once (only into a database without any message).
///
/// # Errors
/// The database fails.
pub async fn start(state: &AppState) -> Result<()> {
    let now = i64::try_from(state.clock.now_millis()).unwrap_or(i64::MAX);
    let before = now - i64::from(state.settings.limits.aspiration_retention_days) * DAY_MILLIS;
    let deleted = state.database.delete_expired_aspiration_contacts(before).await?;
    if deleted > 0 {
        tracing::info!(deleted, "expired aspiration contacts deleted");
    }
    if !state.settings.load_demo_data || !state.database.aspirations_for_staff(None, None).await?.is_empty() {
        return Ok(());
    }
    for (index, (unit_code, category, text, contact, days_ago, published, answer)) in MESSAGES.iter().enumerate() {
        let Some(unit) = state.database.unit_by_code(unit_code).await? else { continue };
        let submitted_ms = now - days_ago * DAY_MILLIS;
        let submitted_at = crate::auth::clock::timestamp(u64::try_from(submitted_ms).unwrap_or(0));
        let code = format!("DEMA{}-CNTH{}", index + 2, index + 2);
        let nonce = format!("demo-{index}");
        let key = super::text_key(text);
        let new = NewAspiration {
            code: &code,
            unit_id: &unit.id,
            category,
            text,
            text_key: &key,
            self_post: false,
            submitted_at: &submitted_at,
            submitted_ms,
            nonce: &nonce,
            contact: *contact,
            client_address: None,
        };
        if state.database.store_aspiration(&new, before).await.context("cannot store a demo aspiration")?
            != StoreOutcome::Stored
        {
            continue;
        }
        let Some(row) = state.database.aspiration_by_code(&code, false).await? else { continue };
        if *published {
            let at = crate::auth::clock::timestamp(u64::try_from(submitted_ms + DAY_MILLIS / 2).unwrap_or(0));
            let step = Step::Status { status: "diterbitkan", reason: None };
            state.database.step_aspiration(row.seq, &step, "admin.demo", &at, before).await?;
        }
        if let Some((answer, after_days)) = answer {
            let answered_ms = submitted_ms + after_days * DAY_MILLIS;
            let at = crate::auth::clock::timestamp(u64::try_from(answered_ms).unwrap_or(0));
            let step = Step::Answer { text: answer, now_millis: answered_ms };
            state.database.step_aspiration(row.seq, &step, "unit.demo", &at, before).await?;
        }
    }
    tracing::info!("aspiration demo messages stored");
    Ok(())
}

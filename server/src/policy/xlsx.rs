//! The roll-up as an XLSX workbook (`rust_xlsxwriter`, as the result reports): "Matriks" (stage ×
//! government, statuses as symbol and word), "Ringkasan" (counts and shares per stage), "Aksi
//! terlambat" and "Keterangan" (what the file is, and whether it holds demo data).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::routes::Rollup;

/// A stored status code as the symbol-and-word text of the matrix.
fn status_text(code: &str) -> &'static str {
    super::model::StageStatus::parse(code).map_or("?", super::model::StageStatus::symbol_text)
}

/// # Errors
/// The XLSX writer fails (it does not for valid input; surfaced as a 500).
pub fn rollup_workbook(rollup: &Rollup) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#E7EDF5").set_text_wrap();

    let matrix = workbook.add_worksheet();
    matrix.set_name("Matriks")?;
    let mut headers = vec!["Kode".to_owned(), "Pemerintah daerah".to_owned()];
    headers.extend(rollup.stages.iter().map(|stage| stage.short.clone()));
    headers.extend(
        ["Tahap tercapai", "Hari sejak perubahan", "Macet", "Aksi terlambat", "Nilai VMVH", "Predikat VMVH"]
            .map(str::to_owned),
    );
    for (column, text) in headers.iter().enumerate() {
        matrix.write_string_with_format(0, column as u16, text, &header)?;
    }
    let n_stages = rollup.stages.len() as u16;
    for (row_idx, line) in rollup.governments.iter().enumerate() {
        let row = row_idx as u32 + 1;
        matrix.write_string(row, 0, &line.code)?;
        matrix.write_string(row, 1, &line.name)?;
        for (stage_idx, status) in line.statuses.iter().enumerate() {
            matrix.write_string(row, 2 + stage_idx as u16, status_text(status))?;
        }
        let after = 2 + n_stages;
        matrix.write_number(row, after, line.reached as f64)?;
        if let Some(days) = line.days_since_change {
            matrix.write_number(row, after + 1, days as f64)?;
        }
        matrix.write_string(row, after + 2, if line.stalled { "Ya" } else { "Tidak" })?;
        matrix.write_number(row, after + 3, line.overdue_actions as f64)?;
        if let Some(total) = &line.vmvh_total {
            match total.parse::<f64>() {
                Ok(value) => {
                    matrix.write_number_with_format(row, after + 4, value, &Format::new().set_num_format("0.00"))?
                }
                Err(_) => matrix.write_string(row, after + 4, total)?,
            };
        }
        if let Some(grade) = &line.vmvh_grade {
            matrix.write_string(row, after + 5, grade)?;
        }
    }
    matrix.set_column_width(1, 32)?;
    matrix.set_freeze_panes(1, 2)?;

    let summary = workbook.add_worksheet();
    summary.set_name("Ringkasan")?;
    for (column, text) in ["Kode", "Tahapan", "Selesai", "Proses", "Belum", "Persen selesai"].iter().enumerate() {
        summary.write_string_with_format(0, column as u16, *text, &header)?;
    }
    for (row_idx, stage) in rollup.stages.iter().enumerate() {
        let row = row_idx as u32 + 1;
        summary.write_string(row, 0, &stage.code)?;
        summary.write_string(row, 1, &stage.name)?;
        summary.write_number(row, 2, stage.done as f64)?;
        summary.write_number(row, 3, stage.in_progress as f64)?;
        summary.write_number(row, 4, stage.not_started as f64)?;
        // The exact one-decimal text, so the file says what the page says.
        summary.write_string(row, 5, &stage.percent_done)?;
    }
    summary.set_column_width(1, 60)?;

    let overdue = workbook.add_worksheet();
    overdue.set_name("Aksi terlambat")?;
    for (column, text) in
        ["Pemerintah daerah", "Aksi", "Penanggung jawab", "Tenggat", "Hari terlambat"].iter().enumerate()
    {
        overdue.write_string_with_format(0, column as u16, *text, &header)?;
    }
    for (row_idx, action) in rollup.overdue_actions.iter().enumerate() {
        let row = row_idx as u32 + 1;
        overdue.write_string(row, 0, &action.unit_name)?;
        overdue.write_string(row, 1, &action.title)?;
        overdue.write_string(row, 2, &action.owner)?;
        overdue.write_string(row, 3, &action.due_date)?;
        overdue.write_number(row, 4, action.days_overdue as f64)?;
    }
    overdue.set_column_width(1, 50)?;

    let notes = workbook.add_worksheet();
    notes.set_name("Keterangan")?;
    let lines = [
        ("Sibekisar — pemantauan implementasi sistem kerja (Permenpan RB 7/2022)", String::new()),
        ("Per tanggal", rollup.today.clone()),
        ("Jumlah pemerintah daerah", rollup.n_governments.to_string()),
        ("Macet", format!("tidak ada perubahan selama {} hari atau lebih", rollup.stall_days)),
        ("Simbol", "● selesai, ◐ proses, ○ belum".to_owned()),
        (
            "Sumber data",
            if rollup.demo {
                "DATA CONTOH (mode demo): bukan fakta tentang pemerintah daerah mana pun.".to_owned()
            } else {
                "Isian pemerintah daerah di Sibekisar.".to_owned()
            },
        ),
    ];
    for (row, (key, value)) in lines.iter().enumerate() {
        if row == 0 {
            notes.write_string_with_format(0, 0, *key, &header)?;
        } else {
            notes.write_string(row as u32, 0, *key)?;
            notes.write_string(row as u32, 1, value)?;
        }
    }
    notes.set_column_width(0, 26)?;
    notes.set_column_width(1, 80)?;
    workbook.save_to_buffer()
}

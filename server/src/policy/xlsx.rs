//! The roll-up as an XLSX workbook (`rust_xlsxwriter`, as the result reports): "Matriks" (stage ×
//! government against the plan, statuses as symbol and word, current stage, late and
//! out-of-order stages, agencies done per element), "Ringkasan" (counts and shares per stage),
//! "Elemen PD" (agencies done per work-system element), "Aksi terlambat" and "Keterangan" (what
//! the file is, and whether it holds demo data).

use contract::policy::PolicyRollup as Rollup;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::model::symbol_text;

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
        [
            "Tahap tercapai",
            "Hari sejak perubahan",
            "Macet",
            "Aksi terlambat",
            "Nilai VMVH",
            "Predikat VMVH",
            "Tahap saat ini",
            "Tahap terlambat",
            "Selesai di luar urutan",
            "Jumlah PD",
        ]
        .map(str::to_owned),
    );
    let elements = super::model::elements();
    headers.extend(elements.elements.iter().map(|element| format!("PD selesai: {}", element.name)));
    for (column, text) in headers.iter().enumerate() {
        matrix.write_string_with_format(0, column as u16, text, &header)?;
    }
    let n_stages = rollup.stages.len() as u16;
    for (row_idx, line) in rollup.governments.iter().enumerate() {
        let row = row_idx as u32 + 1;
        matrix.write_string(row, 0, &line.code)?;
        matrix.write_string(row, 1, &line.name)?;
        for (stage_idx, status) in line.plan_statuses.iter().enumerate() {
            matrix.write_string(row, 2 + stage_idx as u16, symbol_text(*status))?;
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
        if let (Some(grade), Some(label)) = (&line.vmvh_grade, &line.vmvh_grade_label) {
            matrix.write_string(row, after + 5, format!("{grade} ({label})"))?;
        }
        let current = line
            .current_stage
            .as_ref()
            .and_then(|code| rollup.stages.iter().find(|stage| &stage.code == code))
            .map_or("semua selesai", |stage| stage.short.as_str());
        matrix.write_string(row, after + 6, current)?;
        matrix.write_string(row, after + 7, line.late_stages.join(", "))?;
        matrix.write_string(row, after + 8, line.out_of_order.join(", "))?;
        matrix.write_number(row, after + 9, line.n_agencies as f64)?;
        for (element_idx, done) in line.agencies_done.iter().enumerate() {
            matrix.write_number(row, after + 10 + element_idx as u16, *done as f64)?;
        }
    }
    matrix.set_column_width(1, 32)?;
    matrix.set_freeze_panes(1, 2)?;

    let summary = workbook.add_worksheet();
    summary.set_name("Ringkasan")?;
    let summary_headers = [
        "Kode",
        "Tahapan",
        "Selesai (berurutan)",
        "Selesai di luar urutan",
        "Proses",
        "Belum",
        "Terlambat",
        "Sedang di tahap ini",
        "Persen selesai",
        "Persen proses",
    ];
    for (column, text) in summary_headers.iter().enumerate() {
        summary.write_string_with_format(0, column as u16, *text, &header)?;
    }
    for (row_idx, stage) in rollup.stages.iter().enumerate() {
        let row = row_idx as u32 + 1;
        summary.write_string(row, 0, &stage.code)?;
        summary.write_string(row, 1, &stage.name)?;
        summary.write_number(row, 2, stage.done as f64)?;
        summary.write_number(row, 3, stage.done_out_of_order as f64)?;
        summary.write_number(row, 4, stage.in_progress as f64)?;
        summary.write_number(row, 5, stage.not_started as f64)?;
        summary.write_number(row, 6, stage.late as f64)?;
        summary.write_number(row, 7, stage.currently_here as f64)?;
        // The exact one-decimal text, so the file says what the page says.
        summary.write_string(row, 8, &stage.percent_done)?;
        summary.write_string(row, 9, &stage.percent_in_progress)?;
    }
    summary.set_column_width(1, 60)?;

    let agencies = workbook.add_worksheet();
    agencies.set_name("Elemen PD")?;
    for (column, text) in
        ["Kode", "Elemen sistem kerja", "Jumlah PD", "Selesai", "Proses", "Belum", "Persen PD selesai"]
            .iter()
            .enumerate()
    {
        agencies.write_string_with_format(0, column as u16, *text, &header)?;
    }
    for (row_idx, element) in rollup.elements.iter().enumerate() {
        let row = row_idx as u32 + 1;
        agencies.write_string(row, 0, &element.code)?;
        agencies.write_string(row, 1, &element.name)?;
        agencies.write_number(row, 2, element.n_agencies as f64)?;
        agencies.write_number(row, 3, element.done as f64)?;
        agencies.write_number(row, 4, element.in_progress as f64)?;
        agencies.write_number(row, 5, element.not_started as f64)?;
        agencies.write_string(row, 6, &element.percent_done)?;
    }
    agencies.set_column_width(1, 40)?;

    let overdue = workbook.add_worksheet();
    overdue.set_name("Aksi terlambat")?;
    for (column, text) in
        ["Pemerintah daerah", "Aksi", "Peran penanggung jawab", "Penanggung jawab", "Tenggat", "Hari terlambat"]
            .iter()
            .enumerate()
    {
        overdue.write_string_with_format(0, column as u16, *text, &header)?;
    }
    for (row_idx, action) in rollup.overdue_actions.iter().enumerate() {
        let row = row_idx as u32 + 1;
        overdue.write_string(row, 0, &action.unit_name)?;
        overdue.write_string(row, 1, &action.title)?;
        overdue.write_string(row, 2, action.owner_role.code())?;
        overdue.write_string(row, 3, &action.owner)?;
        overdue.write_string(row, 4, &action.due_date)?;
        overdue.write_number(row, 5, action.days_overdue as f64)?;
    }
    overdue.set_column_width(1, 50)?;

    let notes = workbook.add_worksheet();
    notes.set_name("Keterangan")?;
    let lines = [
        ("Sibekisar — pemantauan implementasi sistem kerja (Permenpan RB 7/2022)", String::new()),
        ("Per tanggal", rollup.today.clone()),
        ("Jumlah pemerintah daerah", rollup.n_governments.to_string()),
        ("Macet", format!("tidak ada perubahan selama {} hari atau lebih", rollup.stall_days)),
        ("Simbol", "● selesai, ◐ proses, ○ belum, ◔ terlambat (lewat target, belum selesai)".to_owned()),
        (
            "Selesai (berurutan)",
            "tahapan dihitung selesai hanya bila semua tahapan sebelumnya selesai; yang lain dicatat \
             \"selesai di luar urutan\""
                .to_owned(),
        ),
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

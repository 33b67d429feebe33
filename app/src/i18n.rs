//! Interface language: the message table, number formatting and the language context.
//!
//! The pure parts (`Lang`, `Msg`, [`t`], the `format_*` helpers) touch no DOM and are unit-tested
//! natively. The context part ([`provide_i18n`], [`use_i18n`]) wires a signal to them and keeps
//! `localStorage` and `<html lang>` in step with the chosen language.

use leptos::prelude::*;

/// The `localStorage` key under which the chosen language is remembered.
pub const LANG_STORAGE_KEY: &str = "sibekisar.lang";

/// An interface language. Bahasa Indonesia is the default; English is the switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// The BCP 47 code written into `<html lang>` and `localStorage`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Reads a stored code back; anything unknown yields `None` so the caller falls back to the default.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the switch button offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language's own name, as shown on the switch button that offers it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }

    fn decimal_separator(self) -> char {
        match self {
            Lang::Id => ',',
            Lang::En => '.',
        }
    }

    fn thousands_separator(self) -> char {
        match self {
            Lang::Id => '.',
            Lang::En => ',',
        }
    }
}

/// Message ids. Every visible interface string goes through [`t`] with one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    SkipToContent,
    MainNavigation,
    SwitchLanguageHint,
    FooterText,

    NavHome,
    NavSimulator,
    NavAssessment,
    NavRankings,
    NavScoringRules,

    UnderConstruction,
    SimulatorLead,
    AssessmentLead,
    RankingsLead,

    NotFoundTitle,
    NotFoundText,
    NotFoundBackHome,

    HomeTitle,
    HomeIntro,
    HomeIntroPopulations,
    HomeAreasHeading,
    HomeCardSimulator,
    HomeCardAssessment,
    HomeCardRankings,
    HomeCardScoringRules,
    HomeGradesHeading,
    HomeGradesText,

    GradeTableCaption,
    GradeColumnGrade,
    GradeColumnInterval,
    GradeColumnCategory,
    GradeCategoryA,
    GradeCategoryB,
    GradeCategoryC,
    GradeCategoryD,
    GradeCategoryE,

    RulesTitle,
    RulesIntro,
    RulesLoading,
    RulesLoadError,
    RulesRetry,
    RulesErrorDetail,
    RulesSpiritsHeading,
    RulesSpiritsText,
    RulesColumnCode,
    RulesColumnSpirit,
    RulesColumnMeaning,
    RulesColumnWeightKabkota,
    RulesColumnWeightOpd,
    RulesTotal,
    RulesSpiritsCaption,
    RulesUobkNote,
    RulesIndicatorsHeading,
    RulesIndicatorsText,
    RulesIndicatorsCount,
    RulesPopulationKabkota,
    RulesPopulationOpd,
    RulesColumnIndicator,
    RulesColumnIndicatorWeight,
    RulesColumnMaxPoints,
    RulesColumnOwner,
    RulesSpiritWeight,
    RulesColumnWeight,
    RulesGradesHeading,
    RulesGradesText,
    RulesRoundingHeading,
    RulesRoundingStep1,
    RulesRoundingStep2,
    RulesRoundingStep3,
    RulesRoundingStep4,
    RulesExactNote,
    RulesMissingNote,
    RulesTotalOnlyNote,
    RulesExampleHeading,
    RulesExampleIntro,
    RulesExampleCaseA,
    RulesExampleCaseB,
    RulesColumnValue,
    RulesColumnExact,
    RulesColumnRounded,
    RulesExampleTotal,
    RulesExampleGrade,
    RulesExampleConclusion,
    RulesSourceNote,

    ErrorNetwork,
    ErrorStatus,
    ErrorFormat,
    ErrorLine,
    ErrorColumn,
}

/// Translates a message id into the given language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    let (id, en) = pair(msg);
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The Indonesian and English text of one message, side by side so they are edited together.
fn pair(msg: Msg) -> (&'static str, &'static str) {
    use Msg::*;
    match msg {
        SkipToContent => ("Langsung ke konten utama", "Skip to main content"),
        MainNavigation => ("Navigasi utama", "Main navigation"),
        SwitchLanguageHint => (
            "Ganti bahasa tampilan ke bahasa Inggris",
            "Switch the interface to Indonesian",
        ),
        FooterText => (
            "Sibekisar — implementasi terbuka sistem penilaian budaya kerja CETTAR di Jawa Timur.",
            "Sibekisar — an open implementation of East Java's CETTAR work-culture scoring.",
        ),

        NavHome => ("Beranda", "Home"),
        NavSimulator => ("Simulasi", "Simulator"),
        NavAssessment => ("Penilaian", "Assessment"),
        NavRankings => ("Peringkat", "Rankings"),
        NavScoringRules => ("Cara Penilaian", "How scoring works"),

        UnderConstruction => ("Halaman ini sedang dibangun.", "This page is being built."),
        SimulatorLead => (
            "Di sini kepala perangkat daerah akan dapat mencoba \"bagaimana jika…\" dan melihat dampaknya pada nilai dan predikat secara langsung.",
            "Here unit heads will be able to try \"what if…\" and see the effect on score and grade instantly.",
        ),
        AssessmentLead => (
            "Di sini perangkat daerah pengampu indikator akan mengisi dan memverifikasi nilai indikator untuk setiap unit.",
            "Here indicator owners will enter and verify indicator values for every unit.",
        ),
        RankingsLead => (
            "Di sini peringkat perangkat daerah, UOBK dan kabupaten/kota akan ditampilkan, masing-masing secara terpisah.",
            "Here the rankings of regional apparatus, special units and regencies/cities will be shown, each separately.",
        ),

        NotFoundTitle => ("Halaman tidak ditemukan", "Page not found"),
        NotFoundText => (
            "Alamat yang Anda buka tidak ada di Sibekisar. Periksa kembali alamatnya atau kembali ke beranda.",
            "The address you opened does not exist in Sibekisar. Check the address or go back home.",
        ),
        NotFoundBackHome => ("Kembali ke beranda", "Back to home"),

        HomeTitle => ("Selamat datang di Sibekisar", "Welcome to Sibekisar"),
        HomeIntro => (
            "Sibekisar menilai seberapa baik setiap unit pemerintahan di Jawa Timur menjalankan budaya kerja CETTAR — Cepat, Efektif & Efisien, Tanggap, Transparan, Akuntabel dan Responsif — lalu memeringkatnya secara terbuka.",
            "Sibekisar scores how well each government unit in East Java lives the CETTAR work culture — Fast, Effective & Efficient, Attentive, Transparent, Accountable and Responsive — and ranks the units openly.",
        ),
        HomeIntroPopulations => (
            "Penilaian dilakukan setiap triwulan untuk perangkat daerah provinsi, unit organisasi bersifat khusus (rumah sakit) dan 38 kabupaten/kota, yang masing-masing diperingkat terpisah.",
            "Assessment happens every quarter for provincial regional apparatus, special organisational units (hospitals) and the 38 regencies/cities, each ranked separately.",
        ),
        HomeAreasHeading => ("Menu utama", "Main areas"),
        HomeCardSimulator => (
            "Coba \"bagaimana jika…\": lihat predikat berubah sebelum nilai dikonfirmasi.",
            "Try \"what if…\": see the grade change before values are confirmed.",
        ),
        HomeCardAssessment => (
            "Pengampu indikator mengisi nilai untuk setiap unit, setiap triwulan.",
            "Indicator owners enter values for every unit, every quarter.",
        ),
        HomeCardRankings => (
            "Peringkat dan perkembangan setiap unit, per kelompok.",
            "Rankings and movement of every unit, per population.",
        ),
        HomeCardScoringRules => (
            "Enam semangat CETTAR, bobot, indikator, predikat dan aturan pembulatan.",
            "The six CETTAR spirits, weights, indicators, grades and the rounding rule.",
        ),
        HomeGradesHeading => ("Predikat", "Grades"),
        HomeGradesText => (
            "Nilai total 0–100 dengan dua angka desimal menentukan predikat:",
            "The total score, 0–100 with two decimals, determines the grade:",
        ),

        GradeTableCaption => ("Predikat berdasarkan nilai total", "Grade by total score"),
        GradeColumnGrade => ("Predikat", "Grade"),
        GradeColumnInterval => ("Rentang nilai", "Score range"),
        GradeColumnCategory => ("Kategori", "Category"),
        // The categories are the domain's own names; English gives a gloss in brackets.
        GradeCategoryA => ("Sangat Cettar", "Sangat Cettar (excellent)"),
        GradeCategoryB => ("Cettar", "Cettar (good)"),
        GradeCategoryC => ("Cukup Cettar", "Cukup Cettar (fair)"),
        GradeCategoryD => ("Kurang Cettar", "Kurang Cettar (poor)"),
        GradeCategoryE => ("Tidak Cettar", "Tidak Cettar (failing)"),

        RulesTitle => ("Cara Penilaian", "How scoring works"),
        RulesIntro => (
            "Halaman ini menjelaskan aturan penilaian CETTAR yang dipakai Sibekisar, langsung dari berkas rubrik 2023 yang dikirim bersama aplikasi.",
            "This page explains the CETTAR scoring rules Sibekisar uses, read directly from the 2023 rubric files shipped with the app.",
        ),
        RulesLoading => ("Memuat aturan penilaian…", "Loading the scoring rules…"),
        RulesLoadError => (
            "Aturan penilaian tidak dapat dimuat. Periksa koneksi Anda, lalu coba lagi.",
            "The scoring rules could not be loaded. Check your connection, then try again.",
        ),
        RulesRetry => ("Coba lagi", "Try again"),
        RulesErrorDetail => ("Rincian teknis", "Technical detail"),
        RulesSpiritsHeading => (
            "Enam semangat CETTAR dan bobotnya",
            "The six CETTAR spirits and their weights",
        ),
        RulesSpiritsText => (
            "Setiap unit dinilai pada enam semangat. Bobot semangat berbeda per tahun dan per kelompok unit; jumlahnya selalu 100.",
            "Every unit is scored on six spirits. Spirit weights differ per year and per population; they always sum to 100.",
        ),
        RulesColumnCode => ("Kode", "Code"),
        RulesColumnSpirit => ("Semangat", "Spirit"),
        RulesColumnMeaning => ("Makna", "Meaning"),
        RulesColumnWeightKabkota => ("Bobot kabupaten/kota", "Weight regency/city"),
        RulesColumnWeightOpd => ("Bobot perangkat daerah", "Weight regional apparatus"),
        RulesTotal => ("Jumlah", "Total"),
        RulesSpiritsCaption => (
            "Semangat CETTAR dan bobot 2023 (%)",
            "CETTAR spirits and 2023 weights (%)",
        ),
        RulesUobkNote => (
            "UOBK (unit organisasi bersifat khusus, yaitu rumah sakit provinsi) memakai rubrik perangkat daerah, tetapi diperingkat terpisah.",
            "UOBK (special organisational units, i.e. provincial hospitals) use the regional-apparatus rubric but are ranked separately.",
        ),
        RulesIndicatorsHeading => ("Indikator per semangat", "Indicators per spirit"),
        RulesIndicatorsText => (
            "Nilai semangat adalah rata-rata tertimbang nilai indikatornya (0–100). Setiap indikator diampu oleh satu perangkat daerah pengampu yang mengisi nilainya untuk semua unit. Poin maksimal = bobot semangat × bobot indikator ÷ jumlah bobot indikator.",
            "A spirit's value is the weighted average of its indicator values (0–100). Each indicator has one owner (pengampu) who enters its value for every unit. Maximum points = spirit weight × indicator weight ÷ sum of indicator weights.",
        ),
        RulesIndicatorsCount => ("indikator", "indicators"),
        RulesPopulationKabkota => ("Kabupaten/kota", "Regencies/cities"),
        RulesPopulationOpd => ("Perangkat daerah dan UOBK", "Regional apparatus and UOBK"),
        RulesColumnIndicator => ("Indikator", "Indicator"),
        RulesColumnIndicatorWeight => ("Bobot dalam semangat", "Weight within spirit"),
        RulesColumnMaxPoints => ("Poin maksimal", "Maximum points"),
        RulesColumnOwner => ("Pengampu", "Owner (pengampu)"),
        RulesSpiritWeight => ("bobot", "weight"),
        RulesColumnWeight => ("Bobot", "Weight"),
        RulesGradesHeading => ("Predikat", "Grades"),
        RulesGradesText => (
            "Predikat ditentukan dari nilai total: 81,00 ke atas A, 61,00 ke atas B, 41,00 ke atas C, 21,00 ke atas D, selebihnya E.",
            "The grade comes from the total: 81.00 or more A, 61.00 or more B, 41.00 or more C, 21.00 or more D, otherwise E.",
        ),
        RulesRoundingHeading => ("Perhitungan dan pembulatan", "Computation and rounding"),
        RulesRoundingStep1 => (
            "Untuk setiap semangat, hitung nilai semangat: jumlah (bobot indikator × nilai indikator) dibagi jumlah bobot indikator.",
            "For each spirit, compute its value: the sum of (indicator weight × indicator value) divided by the sum of indicator weights.",
        ),
        RulesRoundingStep2 => (
            "Kontribusi semangat dalam poin = bobot semangat × nilai semangat ÷ 100.",
            "The spirit's contribution in points = spirit weight × spirit value ÷ 100.",
        ),
        RulesRoundingStep3 => (
            "Bulatkan setiap kontribusi ke dua angka desimal, setengah ke atas: angka ketiga 5 atau lebih menaikkan angka kedua (20,245 menjadi 20,25; 20,244 menjadi 20,24).",
            "Round each contribution to two decimals, half up: a third digit of 5 or more raises the second (20.245 becomes 20.25; 20.244 becomes 20.24).",
        ),
        RulesRoundingStep4 => (
            "Nilai total = jumlah keenam kontribusi yang sudah dibulatkan. Predikat diambil dari nilai total itu.",
            "The total = the sum of the six rounded contributions. The grade is taken from that total.",
        ),
        RulesExactNote => (
            "Sibekisar menghitung secara tepat dalam bilangan desimal, tanpa pembulatan tersembunyi oleh komputer, sehingga hasilnya sama sampai sen di peramban dan di server.",
            "Sibekisar computes exactly in decimal numbers, with no hidden rounding by the computer, so the result is identical to the cent in the browser and on the server.",
        ),
        RulesMissingNote => (
            "Indikator yang belum memiliki nilai dihitung 0 dan ditampilkan sebagai \"belum ada nilai\".",
            "An indicator without a value counts as 0 and is shown as \"no value yet\".",
        ),
        RulesTotalOnlyNote => (
            "Sebuah rubrik dapat memilih aturan lain, yaitu hanya membulatkan nilai total; rubrik 2023 memakai pembulatan per semangat seperti di atas.",
            "A rubric may choose another rule, rounding only the total; the 2023 rubrics round per spirit as above.",
        ),
        RulesExampleHeading => ("Contoh perhitungan", "Worked example"),
        RulesExampleIntro => (
            "Enam semangat dengan masing-masing satu indikator, bobot 20/20/15/5/25/15, dan setiap nilai 81 kecuali Akuntabel.",
            "Six spirits with one indicator each, weighted 20/20/15/5/25/15, every value 81 except Akuntabel.",
        ),
        RulesExampleCaseA => ("Akuntabel bernilai 80,98", "Akuntabel scores 80.98"),
        RulesExampleCaseB => ("Akuntabel bernilai 80,94", "Akuntabel scores 80.94"),
        RulesColumnValue => ("Nilai", "Value"),
        RulesColumnExact => ("Kontribusi tepat", "Exact contribution"),
        RulesColumnRounded => ("Dibulatkan", "Rounded"),
        RulesExampleTotal => ("Nilai total", "Total"),
        RulesExampleGrade => ("Predikat", "Grade"),
        RulesExampleConclusion => (
            "Selisih 0,04 pada satu indikator menentukan predikat: kontribusi 20,245 dibulatkan ke atas menjadi 20,25 (total 81,00, predikat A), sedangkan 20,235 menjadi 20,24 (total 80,99, predikat B).",
            "A difference of 0.04 in one indicator decides the grade: a contribution of 20.245 rounds up to 20.25 (total 81.00, grade A), while 20.235 becomes 20.24 (total 80.99, grade B).",
        ),
        RulesSourceNote => (
            "Sumber: rubrik CETTAR 2023 (kabupaten/kota dan perangkat daerah), direkonstruksi dari data resmi Sibekisar 2023.",
            "Source: the CETTAR 2023 rubrics (regencies/cities and regional apparatus), reconstructed from Sibekisar's official 2023 data.",
        ),

        ErrorNetwork => (
            "Server tidak dapat dihubungi.",
            "The server could not be reached.",
        ),
        ErrorStatus => (
            "Server menjawab dengan kode galat",
            "The server answered with error code",
        ),
        ErrorFormat => (
            "Berkas rubrik tidak dapat dibaca",
            "The rubric file could not be read",
        ),
        ErrorLine => ("baris", "line"),
        ErrorColumn => ("kolom", "column"),
    }
}

/// The meaning of a CETTAR spirit (DOMAIN.md section 2), by rubric spirit code.
/// Unknown codes (a future rubric) yield `None`, and the page shows no meaning rather than a guess.
pub fn spirit_meaning(lang: Lang, spirit_code: &str) -> Option<&'static str> {
    let (id, en) = match spirit_code {
        "C" => (
            "real time, respon cepat, anti lelet, menjaga momentum",
            "real time, quick response, anti lelet (no dawdling), keep momentum",
        ),
        "E" => (
            "cara terbaik, hasil prima, hemat waktu, tanpa pemborosan",
            "best way, prime results, time-efficient, no waste",
        ),
        "T" => (
            "aktif merespons, membaca tanda-tanda",
            "actively respond, read the signals",
        ),
        "TR" => (
            "dilakukan secara terbuka, informasi jelas dan dibagikan",
            "done openly, clear and shared information",
        ),
        "A" => (
            "sesuai prosedur, dapat dipertanggungjawabkan",
            "follows procedure, can be accounted for",
        ),
        "R" => (
            "menjawab setiap tugas dan menindaklanjutinya",
            "answer every task and follow it up",
        ),
        _ => return None,
    };
    Some(match lang {
        Lang::Id => id,
        Lang::En => en,
    })
}

/// Formats a fixed-point number: `scaled` is the value times `10^decimals`.
///
/// Indonesian: `format_fixed(8100, 2, Lang::Id) == "81,00"`, `format_fixed(12345, 1, Lang::Id) == "1.234,5"`;
/// English swaps the separators. Working on integers keeps displayed scores free of float drift.
pub fn format_fixed(scaled: i64, decimals: u32, lang: Lang) -> String {
    let divisor = 10u64.pow(decimals);
    let magnitude = scaled.unsigned_abs();
    let whole = magnitude / divisor;
    let fraction = magnitude % divisor;
    let mut out = String::new();
    if scaled < 0 {
        out.push('-');
    }
    out.push_str(&group_thousands(whole, lang.thousands_separator()));
    if decimals > 0 {
        out.push(lang.decimal_separator());
        out.push_str(&format!("{fraction:0width$}", width = decimals as usize));
    }
    out
}

/// Like [`format_fixed`], but drops trailing zeros below `min_decimals`:
/// `format_fixed_trimmed(202450, 4, 2, Lang::Id) == "20,245"`, `(162000, 4, 2)` gives `"16,20"`.
pub fn format_fixed_trimmed(scaled: i64, decimals: u32, min_decimals: u32, lang: Lang) -> String {
    let mut scaled = scaled;
    let mut decimals = decimals;
    while decimals > min_decimals && scaled % 10 == 0 {
        scaled /= 10;
        decimals -= 1;
    }
    format_fixed(scaled, decimals, lang)
}

/// Formats an integer with the language's thousands separator (`1.234` / `1,234`).
pub fn format_integer(value: i64, lang: Lang) -> String {
    format_fixed(value, 0, lang)
}

/// Formats a decimal number with at most `max_decimals` decimals, dropping trailing zeros:
/// weights read `20`, `2,5`, `2,25` rather than `20,00`.
///
/// The value is rounded half away from zero at `max_decimals`; use it for display of weights
/// and shares, never for scores (scores use [`format_fixed`] with their exact cents).
pub fn format_trimmed(value: f64, max_decimals: u32, lang: Lang) -> String {
    let mut decimals = max_decimals;
    let mut scaled = (value * 10f64.powi(max_decimals as i32)).round() as i64;
    while decimals > 0 && scaled % 10 == 0 {
        scaled /= 10;
        decimals -= 1;
    }
    format_fixed(scaled, decimals, lang)
}

fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (digit_idx, digit) in digits.chars().enumerate() {
        if digit_idx > 0 && (digits.len() - digit_idx).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// The language state shared by the whole app, provided once at the root.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked: reading it inside a closure re-runs it on change).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
    }

    /// Translates now (tracked).
    pub fn t(self, msg: Msg) -> &'static str {
        t(self.lang.get(), msg)
    }

    /// A reactive text for views and attributes: `{i18n.tr(Msg::NavHome)}`.
    pub fn tr(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || t(self.lang.get(), msg)
    }
}

/// Creates the language state from `localStorage` (default Indonesian), keeps `localStorage` and
/// `<html lang>` in step with it, and provides it as context.
pub fn provide_i18n() -> I18n {
    let lang = RwSignal::new(browser::stored_lang().unwrap_or_default());
    Effect::new(move |_| {
        let lang = lang.get();
        browser::store_lang(lang);
        browser::set_document_lang(lang);
    });
    let i18n = I18n { lang };
    provide_context(i18n);
    i18n
}

/// The language state provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Sets `document.title` to "<page> — Sibekisar" in the current language, for as long as the
/// calling page is mounted.
pub fn use_document_title(page: Msg) {
    let i18n = use_i18n();
    Effect::new(move |_| browser::set_document_title(&document_title(i18n.t(page))));
}

/// The window title for a page.
pub fn document_title(page_name: &str) -> String {
    format!("{page_name} — Sibekisar")
}

/// The few browser calls the language state needs. Failures (storage disabled, private mode)
/// are ignored on purpose: the app keeps working in the default language.
mod browser {
    use super::{LANG_STORAGE_KEY, Lang};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_lang() -> Option<Lang> {
        let code = storage()?.get_item(LANG_STORAGE_KEY).ok().flatten()?;
        Lang::from_code(&code)
    }

    pub fn store_lang(lang: Lang) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(LANG_STORAGE_KEY, lang.code());
        }
    }

    pub fn set_document_lang(lang: Lang) {
        let root = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute("lang", lang.code());
        }
    }

    pub fn set_document_title(title: &str) {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(title);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_fixed(scaled: i64, decimals: u32, expected_id: &str, expected_en: &str) {
        assert_eq!(format_fixed(scaled, decimals, Lang::Id), expected_id);
        assert_eq!(format_fixed(scaled, decimals, Lang::En), expected_en);
    }

    #[test]
    fn fixed_point_uses_each_language_separators() {
        check_fixed(8100, 2, "81,00", "81.00");
        check_fixed(8099, 2, "80,99", "80.99");
        check_fixed(12345, 1, "1.234,5", "1,234.5");
        check_fixed(5, 2, "0,05", "0.05");
        check_fixed(-5, 2, "-0,05", "-0.05");
        check_fixed(202450, 4, "20,2450", "20.2450");
        check_fixed(1234567, 0, "1.234.567", "1,234,567");
        check_fixed(100, 0, "100", "100");
        check_fixed(0, 2, "0,00", "0.00");
    }

    #[test]
    fn fixed_trimmed_keeps_the_minimum_decimals() {
        assert_eq!(format_fixed_trimmed(20_2450, 4, 2, Lang::Id), "20,245");
        assert_eq!(format_fixed_trimmed(16_2000, 4, 2, Lang::Id), "16,20");
        assert_eq!(format_fixed_trimmed(12_1515, 4, 2, Lang::En), "12.1515");
    }

    #[test]
    fn integers_group_thousands() {
        assert_eq!(format_integer(38, Lang::Id), "38");
        assert_eq!(format_integer(1000, Lang::Id), "1.000");
        assert_eq!(format_integer(999_999, Lang::En), "999,999");
        assert_eq!(format_integer(-1_000_000, Lang::En), "-1,000,000");
    }

    #[test]
    fn trimmed_drops_trailing_zeros_only() {
        assert_eq!(format_trimmed(20.0, 2, Lang::Id), "20");
        assert_eq!(format_trimmed(2.5, 2, Lang::Id), "2,5");
        assert_eq!(format_trimmed(2.25, 2, Lang::En), "2.25");
        assert_eq!(format_trimmed(80.99, 2, Lang::Id), "80,99");
        assert_eq!(format_trimmed(1234.5, 2, Lang::Id), "1.234,5");
        assert_eq!(format_trimmed(0.0, 2, Lang::Id), "0");
    }

    #[test]
    fn language_codes_round_trip_and_unknown_codes_are_rejected() {
        for lang in [Lang::Id, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::default(), Lang::Id);
    }

    #[test]
    fn switch_button_offers_the_other_language_by_its_own_name() {
        assert_eq!(Lang::Id.other().endonym(), "English");
        assert_eq!(Lang::En.other().endonym(), "Bahasa Indonesia");
    }

    #[test]
    fn navigation_labels_match_the_brief() {
        let expected = [
            (Msg::NavHome, "Beranda", "Home"),
            (Msg::NavSimulator, "Simulasi", "Simulator"),
            (Msg::NavAssessment, "Penilaian", "Assessment"),
            (Msg::NavRankings, "Peringkat", "Rankings"),
            (Msg::NavScoringRules, "Cara Penilaian", "How scoring works"),
        ];
        for (msg, id, en) in expected {
            assert_eq!(t(Lang::Id, msg), id);
            assert_eq!(t(Lang::En, msg), en);
        }
    }

    #[test]
    fn every_cettar_spirit_has_a_meaning_in_both_languages() {
        for code in ["C", "E", "T", "TR", "A", "R"] {
            for lang in [Lang::Id, Lang::En] {
                assert!(spirit_meaning(lang, code).is_some_and(|text| !text.is_empty()));
            }
        }
        assert_eq!(spirit_meaning(Lang::Id, "X"), None);
        assert!(
            spirit_meaning(Lang::Id, "C")
                .unwrap()
                .contains("anti lelet")
        );
    }

    #[test]
    fn document_title_names_the_page_then_the_product() {
        assert_eq!(
            document_title("Cara Penilaian"),
            "Cara Penilaian — Sibekisar"
        );
    }
}

//! The engine's one error type: what was wrong ([`ErrorKind`]) and where ([`FieldError::field`]).
//!
//! Every kind has a stable machine code ([`ErrorKind::code`]), an English message (its `Display`)
//! and an Indonesian message ([`ErrorKind::message_id`]) for the UI.

use crate::decimal::Decimal;

/// What is wrong with a rubric, a value or a request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The document is not JSON.
    #[error("invalid JSON at line {line}, column {column}: expected {expected}")]
    InvalidJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the reader expected there.
        expected: &'static str,
    },
    /// A field has the wrong JSON type.
    #[error("expected {expected}, found {found}")]
    WrongType {
        /// Expected type.
        expected: &'static str,
        /// Type found.
        found: &'static str,
    },
    /// A required field is absent.
    #[error("required field is missing")]
    MissingField,
    /// A field the format does not know (often a misspelling).
    #[error("unknown field")]
    UnknownField,
    /// The same member appears twice in one object.
    #[error("field appears more than once")]
    DuplicateField,
    /// The `schema` is not `sibekisar.rubric/v1`.
    #[error("unknown schema {found:?}, expected \"sibekisar.rubric/v1\"")]
    UnknownSchema {
        /// Schema found.
        found: String,
    },
    /// A number has more than six significant decimals.
    #[error("too many decimals ({decimals}); at most 6 are allowed")]
    TooManyDecimals {
        /// Decimals found.
        decimals: u32,
    },
    /// A number is not a valid number or is beyond ±10^12.
    #[error("number out of the accepted range (at most 10^12 in magnitude)")]
    NumberOutOfRange,
    /// A text typed where a number belongs (an editor's field) is not a number.
    #[error("{text:?} is not a number; write e.g. 20 or 12.5")]
    NotANumber {
        /// The text typed.
        text: String,
    },
    /// The year is not a whole number between 1900 and 9999.
    #[error("year must be a whole number between 1900 and 9999")]
    InvalidYear,
    /// A text field is empty (or only spaces) where text is required.
    #[error("text must not be empty")]
    EmptyText,
    /// A code does not match `[A-Za-z0-9_.-]{1,64}`.
    #[error("code {code:?} must be 1 to 64 letters, digits, '_', '-' or '.'")]
    InvalidCode {
        /// Code found.
        code: String,
    },
    /// The rubric has no spirit or no indicator.
    #[error("at least one {what} is required")]
    Empty {
        /// "spirit" or "indicator".
        what: &'static str,
    },
    /// More spirits than the engine supports.
    #[error("too many spirits: {count}, at most {max}")]
    TooManySpirits {
        /// Spirits found.
        count: usize,
        /// Limit.
        max: usize,
    },
    /// More indicators than the engine supports.
    #[error("too many indicators: {count}, at most {max}")]
    TooManyIndicators {
        /// Indicators found.
        count: usize,
        /// Limit.
        max: usize,
    },
    /// Two spirits share a code.
    #[error("duplicate spirit code {code:?}")]
    DuplicateSpiritCode {
        /// The repeated code.
        code: String,
    },
    /// Two indicators share a code.
    #[error("duplicate indicator code {code:?}")]
    DuplicateIndicatorCode {
        /// The repeated code.
        code: String,
    },
    /// An indicator names a spirit the rubric does not define.
    #[error("unknown spirit {code:?}")]
    UnknownSpirit {
        /// The spirit code named.
        code: String,
    },
    /// A spirit with a positive weight has no indicator.
    #[error("spirit {code:?} has a weight but no indicator")]
    SpiritWithoutIndicator {
        /// The spirit code.
        code: String,
    },
    /// Spirit weights do not add up to 100.
    #[error("spirit weights sum to {sum}, expected 100")]
    WeightsDoNotSumTo100 {
        /// The actual sum.
        sum: Decimal,
    },
    /// An indicator weight is zero or negative, or a spirit weight is negative.
    #[error("weight must be positive, found {weight}")]
    NonPositiveWeight {
        /// The weight found.
        weight: Decimal,
    },
    /// `rounding` is not "spirit" or "total".
    #[error("rounding must be \"spirit\" or \"total\", found {found:?}")]
    UnknownRounding {
        /// Value found.
        found: String,
    },
    /// The rule kind is unknown.
    #[error("unknown rule kind {kind:?}; expected \"scale\", \"category\" or \"boolean\"")]
    UnknownRuleKind {
        /// Kind found.
        kind: String,
    },
    /// `direction` is not "higher" or "lower".
    #[error("direction must be \"higher\" or \"lower\", found {found:?}")]
    UnknownDirection {
        /// Value found.
        found: String,
    },
    /// A scale rule has `min ≥ max`.
    #[error("min ({min}) must be below max ({max})")]
    MinNotBelowMax {
        /// Lower bound.
        min: Decimal,
        /// Upper bound.
        max: Decimal,
    },
    /// A scale target is outside the range or leaves no room to score.
    #[error("target {target} must lie in ({min}, {max}] for \"higher\" or [{min}, {max}) for \"lower\"")]
    TargetOutsideRange {
        /// Target.
        target: Decimal,
        /// Lower bound.
        min: Decimal,
        /// Upper bound.
        max: Decimal,
    },
    /// A category has no label.
    #[error("a category rule needs at least one label")]
    EmptyCategory,
    /// Category points are outside 0–100.
    #[error("points {points} must be between 0 and 100")]
    PointsOutOfRange {
        /// Points found.
        points: Decimal,
    },
    /// The rubric's numbers are so fine-grained that exact scoring would overflow.
    #[error("the weights and ranges of spirit {spirit:?} are too fine-grained to score exactly; use fewer decimals")]
    TooFineGrained {
        /// Spirit code.
        spirit: String,
    },
    /// A value names an indicator the rubric does not have.
    #[error("unknown indicator {code:?}")]
    UnknownIndicator {
        /// Code given.
        code: String,
    },
    /// A value has the wrong type for its rule.
    #[error("expected {expected} for this indicator")]
    WrongValueType {
        /// What the rule expects.
        expected: &'static str,
    },
    /// A scale value is outside `[min, max]`.
    #[error("value {value} is outside [{min}, {max}]")]
    ValueOutOfRange {
        /// Value given.
        value: Decimal,
        /// Lower bound.
        min: Decimal,
        /// Upper bound.
        max: Decimal,
    },
    /// A category label the rule does not list.
    #[error("unknown label {label:?}; expected one of {expected}")]
    UnknownLabel {
        /// Label given.
        label: String,
        /// Labels allowed, comma separated.
        expected: String,
    },
    /// A goal total outside 0–100 or with more than two decimals.
    #[error("target total must be between 0 and 100 with at most two decimals")]
    InvalidTarget,
    /// An effort cost is not positive.
    #[error("effort must be positive")]
    NonPositiveEffort,
}

impl ErrorKind {
    /// Stable machine code, e.g. `indicator_out_of_range`.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::InvalidJson { .. } => "invalid_json",
            ErrorKind::WrongType { .. } => "wrong_type",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::UnknownField => "unknown_field",
            ErrorKind::DuplicateField => "duplicate_field",
            ErrorKind::UnknownSchema { .. } => "unknown_schema",
            ErrorKind::TooManyDecimals { .. } => "too_many_decimals",
            ErrorKind::NumberOutOfRange => "number_out_of_range",
            ErrorKind::NotANumber { .. } => "not_a_number",
            ErrorKind::InvalidYear => "invalid_year",
            ErrorKind::EmptyText => "empty_text",
            ErrorKind::InvalidCode { .. } => "invalid_code",
            ErrorKind::Empty { .. } => "empty_list",
            ErrorKind::TooManySpirits { .. } => "too_many_spirits",
            ErrorKind::TooManyIndicators { .. } => "too_many_indicators",
            ErrorKind::DuplicateSpiritCode { .. } => "duplicate_spirit_code",
            ErrorKind::DuplicateIndicatorCode { .. } => "duplicate_indicator_code",
            ErrorKind::UnknownSpirit { .. } => "unknown_spirit",
            ErrorKind::SpiritWithoutIndicator { .. } => "spirit_without_indicator",
            ErrorKind::WeightsDoNotSumTo100 { .. } => "weights_do_not_sum_to_100",
            ErrorKind::NonPositiveWeight { .. } => "non_positive_weight",
            ErrorKind::UnknownRounding { .. } => "unknown_rounding",
            ErrorKind::UnknownRuleKind { .. } => "unknown_rule_kind",
            ErrorKind::UnknownDirection { .. } => "unknown_direction",
            ErrorKind::MinNotBelowMax { .. } => "min_not_below_max",
            ErrorKind::TargetOutsideRange { .. } => "target_outside_range",
            ErrorKind::EmptyCategory => "empty_category",
            ErrorKind::PointsOutOfRange { .. } => "points_out_of_range",
            ErrorKind::TooFineGrained { .. } => "too_fine_grained",
            ErrorKind::UnknownIndicator { .. } => "unknown_indicator",
            ErrorKind::WrongValueType { .. } => "wrong_value_type",
            ErrorKind::ValueOutOfRange { .. } => "indicator_out_of_range",
            ErrorKind::UnknownLabel { .. } => "unknown_label",
            ErrorKind::InvalidTarget => "invalid_target",
            ErrorKind::NonPositiveEffort => "non_positive_effort",
        }
    }

    /// Message in Bahasa Indonesia for the UI.
    pub fn message_id(&self) -> String {
        match self {
            ErrorKind::InvalidJson { line, column, expected } if *expected == crate::json::TOO_MANY_VALUES => {
                format!("JSON berisi lebih dari 2.000.000 nilai; terhenti pada baris {line}, kolom {column}")
            }
            ErrorKind::InvalidJson { line, column, .. } => {
                format!("JSON tidak valid pada baris {line}, kolom {column}")
            }
            ErrorKind::WrongType { expected, found } => {
                format!("tipe data salah: seharusnya {}, ditemukan {}", type_id(expected), type_id(found))
            }
            ErrorKind::MissingField => "kolom wajib tidak ada".into(),
            ErrorKind::UnknownField => "kolom tidak dikenal".into(),
            ErrorKind::DuplicateField => "kolom muncul lebih dari sekali".into(),
            ErrorKind::UnknownSchema { found } => {
                format!("skema {found:?} tidak dikenal, seharusnya \"sibekisar.rubric/v1\"")
            }
            ErrorKind::TooManyDecimals { decimals } => {
                format!("terlalu banyak angka desimal ({decimals}); paling banyak 6")
            }
            ErrorKind::NumberOutOfRange => "angka di luar batas yang diterima (paling besar 10^12)".into(),
            ErrorKind::NotANumber { text } => {
                format!("{text:?} bukan angka; tulis misalnya 20 atau 12,5 (tanpa pemisah ribuan)")
            }
            ErrorKind::InvalidYear => "tahun harus bilangan bulat antara 1900 dan 9999".into(),
            ErrorKind::EmptyText => "teks tidak boleh kosong".into(),
            ErrorKind::InvalidCode { code } => {
                format!("kode {code:?} harus 1 sampai 64 karakter berupa huruf, angka, '_', '-' atau '.'")
            }
            ErrorKind::Empty { what } => format!("minimal satu {} diperlukan", what_id(what)),
            ErrorKind::TooManySpirits { count, max } => {
                format!("terlalu banyak spirit: {count}, paling banyak {max}")
            }
            ErrorKind::TooManyIndicators { count, max } => {
                format!("terlalu banyak indikator: {count}, paling banyak {max}")
            }
            ErrorKind::DuplicateSpiritCode { code } => format!("kode spirit {code:?} ganda"),
            ErrorKind::DuplicateIndicatorCode { code } => format!("kode indikator {code:?} ganda"),
            ErrorKind::UnknownSpirit { code } => format!("spirit {code:?} tidak dikenal"),
            ErrorKind::SpiritWithoutIndicator { code } => {
                format!("spirit {code:?} memiliki bobot tetapi tidak memiliki indikator")
            }
            ErrorKind::WeightsDoNotSumTo100 { sum } => {
                format!("jumlah bobot spirit {sum}, seharusnya 100")
            }
            ErrorKind::NonPositiveWeight { weight } => format!("bobot harus positif, ditemukan {weight}"),
            ErrorKind::UnknownRounding { found } => {
                format!("pembulatan harus \"spirit\" atau \"total\", ditemukan {found:?}")
            }
            ErrorKind::UnknownRuleKind { kind } => {
                format!("jenis aturan {kind:?} tidak dikenal; seharusnya \"scale\", \"category\" atau \"boolean\"")
            }
            ErrorKind::UnknownDirection { found } => {
                format!("arah harus \"higher\" atau \"lower\", ditemukan {found:?}")
            }
            ErrorKind::MinNotBelowMax { min, max } => {
                format!("nilai minimum ({min}) harus lebih kecil dari nilai maksimum ({max})")
            }
            ErrorKind::TargetOutsideRange { target, min, max } => format!(
                "target {target} harus berada di antara minimum {min} dan maksimum {max} dan tidak sama dengan titik nol skala"
            ),
            ErrorKind::EmptyCategory => "aturan kategori memerlukan minimal satu label".into(),
            ErrorKind::PointsOutOfRange { points } => {
                format!("poin {points} harus di antara 0 dan 100")
            }
            ErrorKind::TooFineGrained { spirit } => format!(
                "bobot dan rentang pada spirit {spirit:?} terlalu rinci untuk dihitung secara tepat; kurangi angka desimal"
            ),
            ErrorKind::UnknownIndicator { code } => format!("indikator {code:?} tidak dikenal"),
            ErrorKind::WrongValueType { expected } => {
                format!("nilai untuk indikator ini seharusnya {}", type_id(expected))
            }
            ErrorKind::ValueOutOfRange { value, min, max } => {
                format!("nilai {value} di luar rentang {min} sampai {max}")
            }
            ErrorKind::UnknownLabel { label, expected } => {
                format!("label {label:?} tidak dikenal; pilihan yang ada: {expected}")
            }
            ErrorKind::InvalidTarget => {
                "target nilai total harus antara 0 dan 100 dengan paling banyak dua desimal".into()
            }
            ErrorKind::NonPositiveEffort => "bobot usaha harus positif".into(),
        }
    }
}

/// Indonesian names of JSON types and value kinds used in messages.
fn type_id(name: &str) -> &str {
    match name {
        "number" => "angka",
        "string" => "teks",
        "boolean" => "benar/salah (boolean)",
        "object" => "objek",
        "array" => "larik (array)",
        "null" => "null",
        "a whole number" => "bilangan bulat",
        "a label (string)" => "label (teks)",
        "a number" => "angka",
        "true or false" => "benar/salah (true/false)",
        other => other,
    }
}

fn what_id(what: &str) -> &str {
    match what {
        "spirit" => "spirit",
        "indicator" => "indikator",
        "unit" => "unit",
        other => other,
    }
}

/// One problem and the JSON path of the field it concerns (`indicators[3].rule.max`, `values.IPASN`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {kind}")]
pub struct FieldError {
    /// JSON path of the offending field; empty for the whole document.
    pub field: String,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: impl Into<String>, kind: ErrorKind) -> FieldError {
        FieldError { field: field.into(), kind }
    }

    /// The same error with `prefix.` in front of its path (`rubric.` + `indicators[2].weight`).
    pub fn prefixed(mut self, prefix: &str) -> FieldError {
        self.field = member_path(prefix, &self.field);
        self
    }
}

/// A JSON path seen from the enclosing object's member `member`: `rubric` + `indicators[2]` →
/// `rubric.indicators[2]`, `values` + `[1]` → `values[1]`, `name` + `` → `name`. The one rule for
/// the paths in the engine's errors and in the app's answer-shape errors.
pub fn member_path(member: &str, path: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else if path.starts_with('[') {
        format!("{member}{path}")
    } else {
        format!("{member}.{path}")
    }
}

/// Every problem found in one input, in document order; never empty.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s), first: {}", .0.len(), .0.first().map(|e| e.to_string()).unwrap_or_default())]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// The problems.
    pub fn problems(&self) -> &[FieldError] {
        &self.0
    }

    /// Consumes into the list of problems.
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

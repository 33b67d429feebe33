//! Exact decimal numbers and the integer helpers that scoring is built on.
//!
//! Every number in a rubric or a value (raw values, bounds, weights, category points) is parsed
//! from its decimal *text* into a [`Decimal`]: an integer count of millionths. Binary floating
//! point is never involved, so `80.98` is exactly `80.98` and the browser and the server compute
//! the same digits.

use std::fmt;

/// Number of decimals a [`Decimal`] can hold.
pub const MAX_DECIMALS: u32 = 6;

/// Millionths in one unit.
pub const MICROS_PER_UNIT: i64 = 1_000_000;

/// Largest magnitude a [`Decimal`] accepts: one trillion (10^12).
pub const MAX_MAGNITUDE_UNITS: i64 = 1_000_000_000_000;

/// A decimal number with at most six decimals and a magnitude of at most 10^12, held exactly.
///
/// ```
/// use engine::Decimal;
/// let value = Decimal::parse("80.98").unwrap();
/// assert_eq!(value.micros(), 80_980_000);
/// assert_eq!(value.to_string(), "80.98");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal {
    micros: i64,
}

/// Why a text is not an acceptable [`Decimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// The text is not a decimal number (JSON number syntax is expected).
    Syntax,
    /// The number has more than [`MAX_DECIMALS`] significant decimals.
    TooManyDecimals {
        /// Significant decimals found.
        decimals: u32,
    },
    /// The magnitude exceeds [`MAX_MAGNITUDE_UNITS`].
    OutOfRange,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { micros: 0 };
    /// One hundred, the full score of an indicator.
    pub const HUNDRED: Decimal = Decimal { micros: 100 * MICROS_PER_UNIT };

    /// Builds a decimal from millionths, or `None` beyond ±10^12.
    pub fn from_micros(micros: i64) -> Option<Decimal> {
        if micros.unsigned_abs() > (MAX_MAGNITUDE_UNITS as u64) * (MICROS_PER_UNIT as u64) {
            None
        } else {
            Some(Decimal { micros })
        }
    }

    /// Builds a decimal from a whole number, or `None` beyond ±10^12.
    pub fn from_integer(units: i64) -> Option<Decimal> {
        units.checked_mul(MICROS_PER_UNIT).and_then(Decimal::from_micros)
    }

    /// The value in millionths.
    pub fn micros(self) -> i64 {
        self.micros
    }

    /// Number of significant decimals (trailing zeros do not count): `80.50` has 1.
    pub fn decimals(self) -> u32 {
        let mut fraction = self.micros.unsigned_abs() % (MICROS_PER_UNIT as u64);
        if fraction == 0 {
            return 0;
        }
        let mut decimals = MAX_DECIMALS;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            decimals -= 1;
        }
        decimals
    }

    /// Parses JSON number text exactly (`-?int(.frac)?([eE][+-]?exp)?`).
    ///
    /// # Errors
    /// [`DecimalError::Syntax`] for text that is not a JSON number, [`DecimalError::TooManyDecimals`]
    /// for more than six significant decimals, [`DecimalError::OutOfRange`] beyond ±10^12.
    ///
    /// ```
    /// use engine::{Decimal, DecimalError};
    /// assert_eq!(Decimal::parse("1.5e2").unwrap().to_string(), "150");
    /// assert_eq!(Decimal::parse("0.1234567"), Err(DecimalError::TooManyDecimals { decimals: 7 }));
    /// ```
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let bytes = text.as_bytes();
        let mut index = 0;
        let negative = bytes.first() == Some(&b'-');
        if negative {
            index += 1;
        }
        // Collect all mantissa digits and remember where the decimal point was.
        let mut digits: Vec<u8> = Vec::new();
        let integer_start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            digits.push(bytes[index] - b'0');
            index += 1;
        }
        let integer_len = index - integer_start;
        if integer_len == 0 || (integer_len > 1 && bytes[integer_start] == b'0') {
            return Err(DecimalError::Syntax);
        }
        let mut fraction_len: i64 = 0;
        if index < bytes.len() && bytes[index] == b'.' {
            index += 1;
            let fraction_start = index;
            while index < bytes.len() && bytes[index].is_ascii_digit() {
                digits.push(bytes[index] - b'0');
                index += 1;
            }
            fraction_len = (index - fraction_start) as i64;
            if fraction_len == 0 {
                return Err(DecimalError::Syntax);
            }
        }
        let mut exponent: i64 = 0;
        if index < bytes.len() && (bytes[index] == b'e' || bytes[index] == b'E') {
            index += 1;
            let exponent_negative = match bytes.get(index) {
                Some(b'-') => {
                    index += 1;
                    true
                }
                Some(b'+') => {
                    index += 1;
                    false
                }
                _ => false,
            };
            let exponent_start = index;
            while index < bytes.len() && bytes[index].is_ascii_digit() {
                // Saturate: absurd exponents end up as out of range or too many decimals below.
                exponent = (exponent * 10 + i64::from(bytes[index] - b'0')).min(1_000_000);
                index += 1;
            }
            if index == exponent_start {
                return Err(DecimalError::Syntax);
            }
            if exponent_negative {
                exponent = -exponent;
            }
        }
        if index != bytes.len() {
            return Err(DecimalError::Syntax);
        }
        // The value is digits × 10^(exponent − fraction_len). Drop trailing zeros first so that
        // "80.500000000" is accepted as 80.5.
        let mut scale = exponent - fraction_len;
        while digits.len() > 1 && digits.last() == Some(&0) {
            digits.pop();
            scale += 1;
        }
        // Leading zeros do not matter for the value.
        let first_nonzero = digits.iter().position(|&d| d != 0);
        let Some(first_nonzero) = first_nonzero else {
            return Ok(Decimal::ZERO);
        };
        let digits = &digits[first_nonzero..];
        if scale < -(MAX_DECIMALS as i64) {
            let decimals = u32::try_from(-scale).unwrap_or(u32::MAX);
            return Err(DecimalError::TooManyDecimals { decimals });
        }
        // Magnitude check: the number of integer digits is len + scale.
        if digits.len() as i64 + scale > 13 {
            return Err(DecimalError::OutOfRange);
        }
        let mut micros: i64 = 0;
        for &digit in digits {
            micros = micros * 10 + i64::from(digit);
        }
        let shift = scale + MAX_DECIMALS as i64; // between 0 and 19 here
        for _ in 0..shift {
            micros = micros.checked_mul(10).ok_or(DecimalError::OutOfRange)?;
        }
        if negative {
            micros = -micros;
        }
        Decimal::from_micros(micros).ok_or(DecimalError::OutOfRange)
    }
}

impl fmt::Display for Decimal {
    /// Shortest exact text: no trailing zeros, no exponent (`80.98`, `100`, `-0.5`).
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format_scaled(i128::from(self.micros), MAX_DECIMALS);
        let trimmed = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
        formatter.write_str(trimmed)
    }
}

/// Renders `value / 10^decimals` with exactly `decimals` decimals: `format_scaled(8100, 2)` is `81.00`.
pub fn format_scaled(value: i128, decimals: u32) -> String {
    let negative = value < 0;
    let magnitude = value.unsigned_abs();
    let divisor = 10u128.pow(decimals);
    let whole = magnitude / divisor;
    let fraction = magnitude % divisor;
    let sign = if negative { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = decimals as usize)
    }
}

/// Greatest common divisor of two integers (always non-negative; `gcd(0, 0)` is 0).
pub fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // Both inputs fit in i128, so their gcd does too unless both are i128::MIN, which the engine
    // never produces (all its values are bounded far below).
    i128::try_from(a).unwrap_or(i128::MAX)
}

/// Least common multiple of two positive integers, or `None` on overflow.
pub fn checked_lcm(a: i128, b: i128) -> Option<i128> {
    let divisor = gcd(a, b);
    if divisor == 0 {
        return Some(0);
    }
    (a / divisor).checked_mul(b)
}

/// `numerator / denominator` rounded half away from zero to an integer; `denominator` must be positive.
///
/// Uses the remainder so that no intermediate value exceeds the inputs.
pub fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0, "denominators are validated positive at rubric parse time");
    // Most divisions fit in 64 bits, where the browser divides natively instead of through the
    // slow 128-bit routine; the result is the same.
    if let (Ok(numerator), Ok(denominator)) = (i64::try_from(numerator), i64::try_from(denominator)) {
        let quotient = numerator / denominator;
        let remainder = (numerator % denominator).abs();
        let away = remainder >= denominator - remainder;
        return i128::from(match (away, numerator < 0) {
            (false, _) => quotient,
            (true, true) => quotient - 1,
            (true, false) => quotient + 1,
        });
    }
    let quotient = numerator / denominator;
    let remainder = (numerator % denominator).abs();
    // remainder ≥ denominator − remainder  ⇔  2·remainder ≥ denominator, without overflow.
    if remainder >= denominator - remainder {
        if numerator < 0 { quotient - 1 } else { quotient + 1 }
    } else {
        quotient
    }
}

/// An exact non-negative-or-negative rational number `numerator / denominator` (denominator > 0),
/// used to explain scores without rounding them.
#[derive(Clone, Copy, Debug)]
pub struct Exact {
    numerator: i128,
    denominator: i128,
}

impl Exact {
    /// Builds `numerator / denominator`; the denominator must be positive (engine-internal values only).
    pub(crate) fn new(numerator: i128, denominator: i128) -> Exact {
        debug_assert!(denominator > 0);
        Exact { numerator, denominator }
    }

    /// The whole number `value` (for tests and comparisons).
    pub fn new_for_tests(value: i64) -> Exact {
        Exact { numerator: i128::from(value), denominator: 1 }
    }

    /// Numerator (not necessarily reduced).
    pub fn numerator(self) -> i128 {
        self.numerator
    }

    /// Denominator, always positive.
    pub fn denominator(self) -> i128 {
        self.denominator
    }

    /// The value rounded half-up to `decimals` decimals, as an integer count of `10^-decimals`.
    ///
    /// Returns `None` only if the scaled value would overflow, which rubric validation rules out
    /// for every value the engine produces with up to four decimals.
    pub fn rounded(self, decimals: u32) -> Option<i128> {
        let scaled = self.numerator.checked_mul(10i128.checked_pow(decimals)?)?;
        Some(div_round_half_up(scaled, self.denominator))
    }

    /// The value rounded half-up and rendered with exactly `decimals` decimals (`87.5000`).
    pub fn to_fixed(self, decimals: u32) -> String {
        match self.rounded(decimals) {
            Some(value) => format_scaled(value, decimals),
            None => format!("{}/{}", self.numerator, self.denominator),
        }
    }

    /// Whether this value is exactly representable with `decimals` decimals.
    pub fn is_exact_at(self, decimals: u32) -> bool {
        match self.numerator.checked_mul(10i128.pow(decimals)) {
            Some(scaled) => scaled % self.denominator == 0,
            None => false,
        }
    }
}

impl PartialEq for Exact {
    /// Equal as numbers: `1/2 == 2/4`.
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Cross-multiplication in i128 is safe for the bounded values the engine produces; fall
        // back to comparing rounded values far beyond them.
        match (self.numerator.checked_mul(other.denominator), other.numerator.checked_mul(self.denominator)) {
            (Some(left), Some(right)) => left.cmp(&right),
            _ => self.rounded(9).cmp(&other.rounded(9)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<i64, DecimalError>) {
        assert_eq!(Decimal::parse(input).map(Decimal::micros), expected, "input {input:?}");
    }

    #[test]
    fn parses_decimal_text_exactly() {
        check("0", Ok(0));
        check("-0", Ok(0));
        check("80.98", Ok(80_980_000));
        check("80.980000000", Ok(80_980_000));
        check("1e2", Ok(100_000_000));
        check("1.5E-3", Ok(1_500));
        check("0.000001", Ok(1));
        check("-12.5", Ok(-12_500_000));
        check("1000000000000", Ok(1_000_000_000_000_000_000));
        check("0.0000001", Err(DecimalError::TooManyDecimals { decimals: 7 }));
        check("1e-7", Err(DecimalError::TooManyDecimals { decimals: 7 }));
        check("1000000000001", Err(DecimalError::OutOfRange));
        check("1e400", Err(DecimalError::OutOfRange));
        check("01", Err(DecimalError::Syntax));
        check("1.", Err(DecimalError::Syntax));
        check(".5", Err(DecimalError::Syntax));
        check("1e", Err(DecimalError::Syntax));
        check("abc", Err(DecimalError::Syntax));
        check("", Err(DecimalError::Syntax));
    }

    #[test]
    fn renders_shortest_text() {
        for text in ["80.98", "100", "-0.5", "0.000001", "1000000000000"] {
            assert_eq!(Decimal::parse(text).map(|d| d.to_string()), Ok(text.to_string()));
        }
        assert_eq!(format_scaled(8100, 2), "81.00");
        assert_eq!(format_scaled(-5, 2), "-0.05");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(div_round_half_up(2025, 100), 20);
        assert_eq!(div_round_half_up(2050, 100), 21);
        assert_eq!(div_round_half_up(-2050, 100), -21);
        assert_eq!(div_round_half_up(2049, 100), 20);
        assert_eq!(Exact::new(1, 3).to_fixed(4), "0.3333");
        assert_eq!(Exact::new(2, 3).to_fixed(4), "0.6667");
    }
}

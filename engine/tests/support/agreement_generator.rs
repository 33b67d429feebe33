//! Deterministic (rubric, values) score requests for the browser/native agreement test.
//!
//! Shared by `examples/agreement_cases.rs` (which prints the cases with native responses) and
//! `tests/agreement_generator.rs` (which checks the generator natively). Randomness lives here,
//! in test tooling, never in the engine.

/// A tiny xorshift64* generator with a fixed seed: same cases on every machine.
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next_u64() % ((high - low + 1) as u64)) as i64
    }
}

/// Renders `value / 10^decimals` as JSON number text.
pub fn fixed(value: i64, decimals: u32) -> String {
    let divisor = 10i64.pow(decimals);
    let sign = if value < 0 { "-" } else { "" };
    let (whole, fraction) = (value.abs() / divisor, value.abs() % divisor);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0w$}", w = decimals as usize)
    }
}

/// One score request as JSON text.
pub fn case(prng: &mut Prng) -> String {
    let spirit_count = prng.range(1, 6) as usize;
    // Spirit weights in tenths summing to 100.0 (some spirits may weigh little).
    let mut remaining = 1000i64;
    let mut spirit_weights = Vec::new();
    for s in 0..spirit_count {
        let weight =
            if s + 1 == spirit_count { remaining } else { prng.range(1, remaining - (spirit_count - s - 1) as i64) };
        remaining -= weight;
        spirit_weights.push(weight);
    }
    let rounding = if prng.range(0, 3) == 0 { r#","rounding":"total""# } else { "" };
    let mut spirits = Vec::new();
    let mut indicators = Vec::new();
    let mut values = Vec::new();
    for (s, weight) in spirit_weights.iter().enumerate() {
        spirits.push(format!(r#"{{"code":"S{s}","name":"Spirit {s}","weight":{}}}"#, fixed(*weight, 1)));
        for i in 0..prng.range(1, 4) {
            let code = format!("I{s}_{i}");
            let weight = fixed(prng.range(1, 4000), prng.range(0, 2) as u32);
            let (rule, value) = match prng.range(0, 5) {
                0 | 1 => {
                    let decimals = prng.range(0, 3) as u32;
                    let min = prng.range(-50, 50) * 10i64.pow(decimals);
                    let max = min + prng.range(1, 500 * 10i64.pow(decimals));
                    let lower = prng.range(0, 2) == 0;
                    let target = if prng.range(0, 1) == 0 {
                        String::new()
                    } else if lower {
                        format!(r#","target":{}"#, fixed(prng.range(min, max - 1), decimals))
                    } else {
                        format!(r#","target":{}"#, fixed(prng.range(min + 1, max), decimals))
                    };
                    let direction = if lower { r#","direction":"lower""# } else { "" };
                    let value_decimals = decimals + prng.range(0, 2) as u32;
                    let scale = 10i64.pow(value_decimals - decimals);
                    let value = fixed(prng.range(min * scale, max * scale), value_decimals);
                    (
                        format!(
                            r#"{{"kind":"scale","min":{},"max":{}{target}{direction}}}"#,
                            fixed(min, decimals),
                            fixed(max, decimals)
                        ),
                        value,
                    )
                }
                2 | 3 => {
                    let labels = prng.range(1, 4);
                    let points: Vec<String> =
                        (0..labels).map(|l| format!(r#""L{l}":{}"#, fixed(prng.range(0, 10000), 2))).collect();
                    let value = format!(r#""L{}""#, prng.range(0, labels - 1));
                    (format!(r#"{{"kind":"category","points":{{{}}}}}"#, points.join(",")), value)
                }
                _ => (r#"{"kind":"boolean"}"#.to_string(), (prng.range(0, 1) == 1).to_string()),
            };
            indicators.push(format!(
                r#"{{"code":"{code}","name":"Indikator {code}","spirit":"S{s}","weight":{weight},"rule":{rule}}}"#
            ));
            match prng.range(0, 9) {
                0 => {}
                1 => values.push(format!(r#""{code}":null"#)),
                _ => values.push(format!(r#""{code}":{value}"#)),
            }
        }
    }
    format!(
        r#"{{"rubric":{{"schema":"sibekisar.rubric/v1","id":"agreement","name":"Agreement"{rounding},"spirits":[{}],"indicators":[{}]}},"values":{{{}}}}}"#,
        spirits.join(","),
        indicators.join(","),
        values.join(",")
    )
}

/// The fixed list of requests (seed 2023).
///
/// Random rubrics with many odd spans and weights can exceed what "total" rounding can add up
/// exactly in `i128`; the engine refuses those (`too_fine_grained`), so they are skipped here:
/// the agreement test is about answers, and real rubrics are far coarser.
pub fn cases(count: usize) -> Vec<String> {
    let mut prng = Prng::new(2023);
    let mut cases = Vec::with_capacity(count);
    while cases.len() < count {
        let request = case(&mut prng);
        let too_fine = matches!(engine::wire::score_request(&request),
            Err(ref errors) if errors.iter().any(|e| e.code == "too_fine_grained"));
        if !too_fine {
            cases.push(request);
        }
    }
    cases
}

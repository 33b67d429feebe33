//! The simulator's workspace for one unit in one published period: the indicator inputs, the
//! live result, the path to a target grade, the marginal table and the saved scenarios.
//!
//! State is fine-grained: every indicator has its own signals ([`IndicatorInput`]); one memo
//! builds the scenario's values from them and one memo scores it with `engine::score_unit`.
//! Typing in one field therefore re-runs only that field's view, the scoring memo (microseconds)
//! and the few text nodes that show numbers which actually changed (memos stop equal results).

mod goal;
mod html;
mod inputs;
mod results;
mod scenarios;

use std::sync::Arc;

use engine::{Cents, IndicatorValue, Rubric, Rule, UnitResult, UnitValues, rank_among, score_unit};
use leptos::prelude::*;

use crate::api::periods::Population;
use crate::i18n::{Lang, Msg, use_i18n};
use crate::simulation::{ShareProblem, decode_scenario, encode_scenario, format_decimal, set_value, simulator_url};

/// Everything loaded for one unit: the rubric, the official values and the peers' totals.
pub struct SimModel {
    pub period_id: String,
    pub period_label: String,
    pub unit_code: String,
    pub unit_name: String,
    pub population: Population,
    pub rubric: Rubric,
    /// The unit's official (stored, confirmed) values: the scenario starts here.
    pub baseline: UnitValues,
    /// Stored values the rubric refused (shown, never silently dropped).
    pub baseline_problems: Vec<String>,
    /// Official totals of the other units of the population.
    pub peer_totals: Vec<Cents>,
    /// The official total and rank as published.
    pub official: Option<(Cents, i64)>,
    /// Some data came from the browser's copy, not the network.
    pub from_cache: bool,
}

/// The signals of one indicator.
#[derive(Clone, Copy)]
pub struct IndicatorInput {
    /// The accepted value (`None` = no value).
    pub value: RwSignal<Option<IndicatorValue>>,
    /// The number field's text, kept apart so typing "8" on the way to "85" is not rewritten.
    pub text: RwSignal<String>,
    /// Goal-seek must leave this indicator as it is.
    pub locked: RwSignal<bool>,
    /// Cost per score point for goal-seek, as typed (empty = 1).
    pub effort: RwSignal<String>,
}

/// The workspace state, provided as context to its parts.
#[derive(Clone)]
pub struct Sim {
    pub model: Arc<SimModel>,
    pub inputs: Arc<[IndicatorInput]>,
    pub scenario: Memo<UnitValues>,
    pub result: Memo<UnitResult>,
    pub baseline_result: Arc<UnitResult>,
    pub baseline_rank: usize,
    pub rank: Memo<usize>,
    /// The share code of the scenario (changed indicators only).
    pub share_code: Memo<String>,
    /// The scenario's name (from a saved scenario or a shared link).
    pub name: RwSignal<String>,
}

impl Sim {
    fn new(model: Arc<SimModel>, lang: Lang) -> Sim {
        let inputs: Arc<[IndicatorInput]> = (0..model.rubric.indicators().len())
            .map(|position| {
                let value = model.baseline.get(position);
                IndicatorInput {
                    value: RwSignal::new(value),
                    text: RwSignal::new(display_text(value, lang)),
                    locked: RwSignal::new(false),
                    effort: RwSignal::new(String::new()),
                }
            })
            .collect();
        let scenario = {
            let model = model.clone();
            let inputs = inputs.clone();
            Memo::new(move |_| {
                let mut values = model.baseline.clone();
                for (position, input) in inputs.iter().enumerate() {
                    // Inputs only ever hold values the rule accepted.
                    let _ = set_value(&model.rubric, &mut values, position, input.value.get());
                }
                values
            })
        };
        let result = {
            let model = model.clone();
            Memo::new(move |_| scenario.with(|values| score_unit(&model.rubric, values)))
        };
        let rank = {
            let model = model.clone();
            Memo::new(move |_| rank_among(result.with(|r| r.total), &model.peer_totals))
        };
        let share_code = {
            let model = model.clone();
            Memo::new(move |_| scenario.with(|values| encode_scenario(&model.rubric, &model.baseline, values)))
        };
        let baseline_result = Arc::new(score_unit(&model.rubric, &model.baseline));
        let baseline_rank = rank_among(baseline_result.total, &model.peer_totals);
        Sim {
            model,
            inputs,
            scenario,
            result,
            baseline_result,
            baseline_rank,
            rank,
            share_code,
            name: RwSignal::new(String::new()),
        }
    }

    /// Number of units in the population (the unit and its peers).
    pub fn unit_count(&self) -> usize {
        self.model.peer_totals.len() + 1
    }

    /// Sets one indicator from outside its own field (a plan, a saved scenario, a reset).
    pub fn set(&self, position: usize, value: Option<IndicatorValue>, lang: Lang) {
        let input = self.inputs[position];
        input.value.set(value);
        input.text.set(display_text(value, lang));
    }

    /// Makes the scenario equal to `values`.
    pub fn set_all(&self, values: &UnitValues, lang: Lang) {
        for position in 0..self.inputs.len() {
            let value = values.get(position);
            if self.inputs[position].value.get_untracked() != value {
                self.set(position, value, lang);
            }
        }
    }

    /// Back to the official values.
    pub fn reset(&self, lang: Lang) {
        let baseline = self.model.baseline.clone();
        self.set_all(&baseline, lang);
        self.name.set(String::new());
    }

    /// Applies a share code; returns what could not be applied.
    pub fn apply_code(&self, code: &str, lang: Lang) -> Vec<ShareProblem> {
        let (values, problems) = decode_scenario(&self.model.rubric, &self.model.baseline, code);
        self.set_all(&values, lang);
        problems
    }

    /// The address that reproduces the current scenario.
    pub fn url(&self) -> String {
        simulator_url(
            &self.model.period_id,
            &self.model.population.code,
            &self.model.unit_code,
            &self.share_code.get(),
            &self.name.get(),
        )
    }

    /// Whether indicator `position` differs from the official value.
    pub fn changed(&self, position: usize) -> bool {
        self.inputs[position].value.get() != self.model.baseline.get(position)
    }
}

/// The number field's text for a value (scale values only; other rules use other controls).
pub fn display_text(value: Option<IndicatorValue>, lang: Lang) -> String {
    match value {
        Some(IndicatorValue::Number(number)) => format_decimal(number, lang),
        _ => String::new(),
    }
}

/// A value as people read it: `94,16`, `WTP`, `Ya`, `–`.
pub fn value_label(rubric: &Rubric, position: usize, value: Option<IndicatorValue>, lang: Lang) -> String {
    match (value, rubric.indicators()[position].rule()) {
        (None, _) => "–".into(),
        (Some(IndicatorValue::Number(number)), _) => format_decimal(number, lang),
        (Some(IndicatorValue::Boolean(flag)), _) => {
            crate::i18n::t(lang, if flag { Msg::SimYes } else { Msg::SimNo }).into()
        }
        (Some(IndicatorValue::Label(index)), Rule::Category(category)) => {
            category.labels().get(index).map(|l| l.label.clone()).unwrap_or_default()
        }
        (Some(IndicatorValue::Label(index)), _) => index.to_string(),
    }
}

/// The workspace for one loaded unit. `initial_code`/`initial_name` come from a shared link.
#[component]
pub fn SimWorkspace(model: Arc<SimModel>, initial_code: Option<String>, initial_name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sim = Sim::new(model, i18n.lang_untracked());
    // Applied once, at mount: the note about a link's unusable parts is not reactive.
    let share_problems = match initial_code.filter(|code| !code.is_empty()) {
        Some(code) => sim.apply_code(&code, i18n.lang_untracked()),
        None => Vec::new(),
    };
    if let Some(name) = initial_name {
        sim.name.set(name);
    }
    provide_context(sim.clone());

    // Keep the address bar equal to the scenario, so reloading or copying it reproduces it.
    {
        let sim = sim.clone();
        Effect::new(move |_| {
            let url = sim.url();
            replace_address(&url);
        });
    }

    let share_note = {
        let problems = share_problems;
        (!problems.is_empty()).then(|| {
            let names = problems
                .iter()
                .map(|problem| match problem {
                    ShareProblem::UnknownIndicator(code)
                    | ShareProblem::BadValue(code)
                    | ShareProblem::Malformed(code) => code.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <p class="alert" role="alert" data-testid="sim-share-problems">
                    {i18n.tr(Msg::SimShareProblems)} " " {names}
                </p>
            }
        })
    };

    view! {
        {share_note}
        <div class="sim-layout">
            <inputs::IndicatorInputs/>
            // The result column scrolls on its own and stays in view beside the inputs.
            <div class="sim-side">
                <results::Summary/>
                <results::Analysis/>
            </div>
        </div>
        <goal::GoalSeek/>
        <goal::MarginalTable/>
        <scenarios::Scenarios/>
    }
}

/// Replaces the current history entry's address without navigating.
fn replace_address(url: &str) {
    if let Some(window) = web_sys::window() {
        let current =
            window.location().pathname().unwrap_or_default() + &window.location().search().unwrap_or_default();
        if current != url
            && let Ok(history) = window.history()
        {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
        }
    }
}

/// A reactive text as one type-erased signal. Every `move || …` handed to a view is its own type
/// and makes Leptos generate its rendering code again; a `Signal<String>` shares one copy, which
/// keeps the simulator's share of the wasm small.
pub fn text<T: Into<String>>(f: impl Fn() -> T + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(move || f().into())
}

/// A reactive flag as one type-erased signal (see [`text`]).
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(f)
}

/// `sim` from context.
pub fn use_sim() -> Sim {
    expect_context::<Sim>()
}

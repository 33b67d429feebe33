//! The rubric editor's form as HTML text (see `components::html`): plain functions that write
//! the form of a [`RubricDraft`], read a typed value back into it, and place each problem the
//! engine reports next to its field. Every control has a *slot* (`s2-weight`, `i4-min`,
//! `i4-l1-points`): its id is `ed-f-{slot}`, its problem line `ed-p-{slot}`.
//!
//! Why text: the form has hundreds of fields, written once per change of its *structure*
//! (a row added or removed, a rule's kind changed); typing changes only the draft, and the
//! problems are then written into their lines without rebuilding the form, so focus and caret
//! stay where they are. As `view!` code the same form cost about 40 KB of wasm (brotli).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use engine::Direction;
use engine::Rounding;
use engine::draft::{IndicatorDraft, RubricDraft, RuleKind};

use crate::components::html::escape;
use crate::i18n::{Lang, Msg, t};

/// Problems by slot: the engine's paths (for `data-field`) and the messages.
pub type SlotProblems = BTreeMap<String, (Vec<String>, Vec<String>)>;

/// The slots an engine error path is shown at (a category label path names every row with that
/// label; a path the form has no field for is shown with the whole document, slot `general`).
pub fn slots_of(path: &str, draft: &RubricDraft) -> Vec<String> {
    let row = |rest: &str, prefix: &str| -> Option<(usize, String)> {
        let rest = rest.strip_prefix(prefix)?.strip_prefix('[')?;
        let (number, tail) = rest.split_once(']')?;
        Some((number.parse().ok()?, tail.trim_start_matches('.').to_string()))
    };
    if let Some((i, field)) = row(path, "spirits") {
        return vec![match field.as_str() {
            "code" | "name" | "weight" | "description" => format!("s{i}-{field}"),
            _ => format!("s{i}"),
        }];
    }
    if let Some((i, field)) = row(path, "indicators") {
        let rule_field = field.strip_prefix("rule.").unwrap_or("");
        let kind = draft.indicators.get(i).map(|indicator| indicator.rule.kind);
        return match (field.as_str(), rule_field) {
            ("code" | "name" | "spirit" | "weight" | "owner" | "source_note" | "description", _) => {
                vec![format!("i{i}-{field}")]
            }
            (_, "min" | "max" | "target" | "direction") if kind == Some(RuleKind::Scale) => {
                vec![format!("i{i}-{rule_field}")]
            }
            (_, "points") if kind == Some(RuleKind::Category) => vec![format!("i{i}-points")],
            (_, "kind") => vec![format!("i{i}-kind")],
            (_, label) if label.starts_with("points.") => {
                let label = &label["points.".len()..];
                let rows: Vec<String> = draft
                    .indicators
                    .get(i)
                    .map(|indicator| {
                        indicator
                            .rule
                            .labels
                            .iter()
                            .enumerate()
                            .filter(|(_, l)| l.label == label)
                            .map(|(j, _)| format!("i{i}-l{j}"))
                            .collect()
                    })
                    .unwrap_or_default();
                if rows.is_empty() { vec![format!("i{i}")] } else { rows }
            }
            _ => vec![format!("i{i}")],
        };
    }
    match path {
        "id" | "name" | "year" | "population" | "rounding" | "description" | "spirits" | "indicators" => {
            vec![path.to_string()]
        }
        _ => vec!["general".to_string()],
    }
}

/// The draft's problems by slot, in `lang`.
pub fn problems_by_slot(draft: &RubricDraft, lang: Lang) -> SlotProblems {
    problems_in_slots(draft, draft.to_rubric().err().as_ref(), lang)
}

/// The problems `errors` found in `draft` (what [`RubricDraft::to_rubric`] said) by slot, in
/// `lang`; the editor checks a draft once per edit and shares the answer.
pub fn problems_in_slots(draft: &RubricDraft, errors: Option<&engine::Errors>, lang: Lang) -> SlotProblems {
    let mut problems = SlotProblems::new();
    for error in errors.map(engine::Errors::problems).unwrap_or_default() {
        let text = match lang {
            Lang::Id => error.kind.message_id(),
            Lang::En => error.kind.to_string(),
        };
        for slot in slots_of(&error.field, draft) {
            let entry = problems.entry(slot).or_default();
            entry.0.push(error.field.clone());
            entry.1.push(text.clone());
        }
    }
    problems
}

fn indicator_text<'a>(indicator: &'a IndicatorDraft, field: &str) -> &'a str {
    match field {
        "code" => &indicator.code,
        "name" => &indicator.name,
        "spirit" => &indicator.spirit,
        "weight" => &indicator.weight,
        "owner" => &indicator.owner,
        "source_note" => &indicator.source_note,
        "description" => &indicator.description,
        "min" => &indicator.rule.min,
        "max" => &indicator.rule.max,
        _ => &indicator.rule.target,
    }
}

/// Whether a spirit's field is shown elsewhere in the form (its code and name are in every
/// indicator's spirit list), so that changing it rewrites the form.
pub fn is_structural_spirit_field(field: &str) -> bool {
    matches!(field, "code" | "name")
}

/// Writes a typed or chosen value into the draft; `true` when the form's structure changes
/// (a rule's kind, or a spirit's code or name, which the indicators' spirit lists show).
pub fn set_slot(draft: &mut RubricDraft, slot: &str, value: String) -> bool {
    match slot {
        "id" => draft.id = value,
        "name" => draft.name = value,
        "year" => draft.year = value,
        "population" => draft.population = value,
        "description" => draft.description = value,
        "rounding" => draft.rounding = if value == "total" { Rounding::Total } else { Rounding::PerSpirit },
        _ => {
            let (row, field) = slot.split_once('-').unwrap_or((slot, ""));
            let number = |text: &str| text.get(1..).and_then(|n| n.parse::<usize>().ok());
            if row.starts_with('s')
                && let Some(spirit) = number(row).and_then(|i| draft.spirits.get_mut(i))
            {
                match field {
                    "code" => spirit.code = value,
                    "name" => spirit.name = value,
                    "description" => spirit.description = value,
                    _ => spirit.weight = value,
                }
                return is_structural_spirit_field(field);
            }
            let Some(indicator) = number(row).and_then(|i| draft.indicators.get_mut(i)) else { return false };
            let rule = &mut indicator.rule;
            match field {
                "code" => indicator.code = value,
                "name" => indicator.name = value,
                "spirit" => indicator.spirit = value,
                "weight" => indicator.weight = value,
                "owner" => indicator.owner = value,
                "source_note" => indicator.source_note = value,
                "description" => indicator.description = value,
                "min" => rule.min = value,
                "max" => rule.max = value,
                "target" => rule.target = value,
                "direction" => rule.direction = if value == "lower" { Direction::Lower } else { Direction::Higher },
                "kind" => {
                    rule.kind = match value.as_str() {
                        "category" => RuleKind::Category,
                        "boolean" => RuleKind::Boolean,
                        _ => RuleKind::Scale,
                    };
                    return true;
                }
                label => {
                    // `l{j}-label` or `l{j}-points`.
                    let (position, part) = label.split_once('-').unwrap_or((label, ""));
                    if let Some(row) = number(position).and_then(|j| rule.labels.get_mut(j)) {
                        if part == "label" {
                            row.label = value;
                        } else {
                            row.points = value;
                        }
                    }
                }
            }
        }
    }
    false
}

/// The summary line of an indicator (`KIPP — KIPP (C, bobot 20)`).
pub fn indicator_summary(indicator: &IndicatorDraft, lang: Lang) -> String {
    format!(
        "{} — {} ({}, {} {})",
        indicator.code,
        indicator.name,
        indicator.spirit,
        t(lang, Msg::EdWeight).to_lowercase(),
        indicator.weight
    )
}

/// A short field that a narrow screen puts first in its row, next to the other one (a code and
/// its weight share a line on a phone; the names take the next lines).
const LEAD: &str = "editor__field--short editor__field--lead";

struct Form<'a> {
    html: String,
    lang: Lang,
    draft: &'a RubricDraft,
}

impl Form<'_> {
    fn problem(&mut self, slot: &str) {
        let _ = write!(
            self.html,
            r#"<span class="editor__problem" id="ed-p-{slot}" data-testid="editor-problem" role="alert" hidden></span>"#
        );
    }

    /// A labelled text field; `test_id` keeps the engine path's shape (`spirits-0--weight`).
    fn text(&mut self, slot: &str, test_id: &str, label: Msg, value: &str, class: &str) {
        let _ = write!(
            self.html,
            r#"<label class="editor__field {class}"><span>{}</span><input type="text" spellcheck="false" id="ed-f-{slot}" data-slot="{slot}" data-keep="{slot}" data-testid="editor-{test_id}" value="{}">"#,
            escape(t(self.lang, label)),
            escape(value),
        );
        self.problem(slot);
        self.html.push_str("</label>");
    }

    fn select(&mut self, slot: &str, test_id: &str, label: Msg, options: &[(&str, String)], chosen: &str) {
        let _ = write!(
            self.html,
            r#"<label class="editor__field"><span>{}</span><select id="ed-f-{slot}" data-slot="{slot}" data-keep="{slot}" data-testid="editor-{test_id}">"#,
            escape(t(self.lang, label)),
        );
        for (value, text) in options {
            crate::components::html::push_option(&mut self.html, value, text, *value == chosen);
        }
        self.html.push_str("</select>");
        self.problem(slot);
        self.html.push_str("</label>");
    }

    fn button(&mut self, action: &str, id: &str, label: Msg, test_id: &str) {
        let _ = write!(
            self.html,
            r#"<button type="button" class="button button--small" data-action="{action}" data-id="{id}" data-testid="{test_id}">{}</button>"#,
            escape(t(self.lang, label))
        );
    }

    /// The move up/down buttons of indicator `i` (a disabled one at either end of the list).
    fn order_buttons(&mut self, i: usize, code: &str) {
        let count = self.draft.indicators.len();
        self.html.push_str(r#"<div class="editor__order">"#);
        for (action, label, arrow, disabled) in
            [("move-up", Msg::EdMoveUp, "↑", i == 0), ("move-down", Msg::EdMoveDown, "↓", i + 1 >= count)]
        {
            let name = escape(&format!("{}: {code}", t(self.lang, label)));
            let disabled = if disabled { " disabled" } else { "" };
            let _ = write!(
                self.html,
                r#"<button type="button" class="button button--small" data-action="{action}" data-id="{i}" data-testid="editor-{action}-{i}" aria-label="{name}" title="{name}"{disabled}>{arrow}</button>"#,
            );
        }
        self.html.push_str("</div>");
    }

    fn indicator(&mut self, i: usize, indicator: &IndicatorDraft) {
        let lang = self.lang;
        let _ = write!(
            self.html,
            r#"<div class="editor__indicator-row" data-testid="editor-indicator-row-{i}"><details class="editor__indicator" data-keep="ind{i}" data-testid="editor-indicator-{i}"><summary id="ed-sum-{i}">{}</summary><div class="editor__row">"#,
            escape(&indicator_summary(indicator, lang))
        );
        self.text(&format!("i{i}-code"), &format!("indicators-{i}--code"), Msg::EdCode, &indicator.code, LEAD);
        self.text(
            &format!("i{i}-name"),
            &format!("indicators-{i}--name"),
            Msg::EdName,
            &indicator.name,
            "editor__field--wide",
        );
        let spirits: Vec<(&str, String)> =
            self.draft.spirits.iter().map(|s| (s.code.as_str(), format!("{} — {}", s.code, s.name))).collect();
        self.select(
            &format!("i{i}-spirit"),
            &format!("indicators-{i}--spirit"),
            Msg::EdSpirit,
            &spirits,
            &indicator.spirit,
        );
        self.text(&format!("i{i}-weight"), &format!("indicators-{i}--weight"), Msg::EdWeight, &indicator.weight, LEAD);
        self.html.push_str(r#"</div><div class="editor__row">"#);
        for (field, label) in
            [("owner", Msg::EdOwner), ("source_note", Msg::EdSourceNote), ("description", Msg::EdDescription)]
        {
            self.text(
                &format!("i{i}-{field}"),
                &format!("indicators-{i}--{field}"),
                label,
                indicator_text(indicator, field),
                "editor__field--wide",
            );
        }
        let _ = write!(
            self.html,
            r#"</div><fieldset class="editor__rule"><legend>{}</legend><div class="editor__row">"#,
            escape(t(lang, Msg::EdRule))
        );
        let rule = &indicator.rule;
        let kind = match rule.kind {
            RuleKind::Scale => "scale",
            RuleKind::Category => "category",
            RuleKind::Boolean => "boolean",
        };
        let kinds = [
            ("scale", t(lang, Msg::EdScale).to_string()),
            ("category", t(lang, Msg::EdCategory).to_string()),
            ("boolean", t(lang, Msg::EdBoolean).to_string()),
        ];
        self.select(&format!("i{i}-kind"), &format!("indicators-{i}--rule-kind"), Msg::EdRuleKind, &kinds, kind);
        match rule.kind {
            RuleKind::Scale => {
                for (field, label) in [("min", Msg::EdMin), ("max", Msg::EdMax), ("target", Msg::EdTarget)] {
                    self.text(
                        &format!("i{i}-{field}"),
                        &format!("indicators-{i}--rule-{field}"),
                        label,
                        indicator_text(indicator, field),
                        "editor__field--short",
                    );
                }
                let directions =
                    [("higher", t(lang, Msg::EdHigher).to_string()), ("lower", t(lang, Msg::EdLower).to_string())];
                let direction = if rule.direction == Direction::Lower { "lower" } else { "higher" };
                self.select(
                    &format!("i{i}-direction"),
                    &format!("indicators-{i}--rule-direction"),
                    Msg::EdDirection,
                    &directions,
                    direction,
                );
                self.html.push_str("</div>");
            }
            RuleKind::Category => {
                self.html.push_str("</div>");
                for (j, label) in rule.labels.iter().enumerate() {
                    self.html.push_str(r#"<div class="editor__row">"#);
                    self.text(
                        &format!("i{i}-l{j}-label"),
                        &format!("indicators-{i}--label-{j}"),
                        Msg::EdLabel,
                        &label.label,
                        "editor__field--short",
                    );
                    self.text(
                        &format!("i{i}-l{j}-points"),
                        &format!("indicators-{i}--points-{j}"),
                        Msg::EdPoints,
                        &label.points,
                        "editor__field--short",
                    );
                    self.problem(&format!("i{i}-l{j}"));
                    self.button(
                        "remove-label",
                        &format!("{i}-{j}"),
                        Msg::EdRemove,
                        &format!("editor-remove-label-{i}-{j}"),
                    );
                    self.html.push_str("</div>");
                }
                self.problem(&format!("i{i}-points"));
                self.button("add-label", &i.to_string(), Msg::EdAddLabel, &format!("editor-add-label-{i}"));
            }
            RuleKind::Boolean => self.html.push_str("</div>"),
        }
        let _ = write!(
            self.html,
            r#"<label class="editor__field editor__preview"><span>{}</span><input type="text" data-preview="{i}" data-keep="pv{i}" data-testid="editor-preview-{i}"><output id="ed-pv-{i}" data-testid="editor-preview-score-{i}"></output></label></fieldset>"#,
            escape(t(lang, Msg::EdPreview))
        );
        self.problem(&format!("i{i}"));
        self.button("retire", &i.to_string(), Msg::EdRetire, &format!("editor-retire-{i}"));
        self.html.push_str("</details>");
        self.order_buttons(i, &indicator.code);
        self.html.push_str("</div>");
    }
}

/// The whole form of a draft. Problems are filled in afterwards ([`problems_by_slot`]).
pub fn form_html(draft: &RubricDraft, lang: Lang) -> String {
    let mut form = Form { html: String::new(), lang, draft };
    form.html.push_str(r#"<div class="editor__row">"#);
    for (slot, label, value, class) in [
        ("id", Msg::EdId, &draft.id, ""),
        ("name", Msg::EdName, &draft.name, "editor__field--wide"),
        ("year", Msg::EdYear, &draft.year, "editor__field--short"),
        ("population", Msg::EdPopulation, &draft.population, ""),
    ] {
        form.text(slot, slot, label, value, class);
    }
    let roundings =
        [("spirit", t(lang, Msg::EdRoundingSpirit).to_string()), ("total", t(lang, Msg::EdRoundingTotal).to_string())];
    let rounding = if draft.rounding == Rounding::Total { "total" } else { "spirit" };
    form.select("rounding", "rounding", Msg::EdRounding, &roundings, rounding);
    form.text("description", "description", Msg::EdRubricDescription, &draft.description, "editor__field--full");
    let _ = write!(
        form.html,
        r#"</div><fieldset class="editor__group"><legend>{}</legend>"#,
        escape(t(lang, Msg::EdSpirits))
    );
    for (i, spirit) in draft.spirits.iter().enumerate() {
        let _ = write!(form.html, r#"<div class="editor__row" data-testid="editor-spirit-{i}">"#);
        form.text(&format!("s{i}-code"), &format!("spirits-{i}--code"), Msg::EdCode, &spirit.code, LEAD);
        form.text(
            &format!("s{i}-name"),
            &format!("spirits-{i}--name"),
            Msg::EdName,
            &spirit.name,
            "editor__field--wide",
        );
        form.text(&format!("s{i}-weight"), &format!("spirits-{i}--weight"), Msg::EdWeight, &spirit.weight, LEAD);
        form.text(
            &format!("s{i}-description"),
            &format!("spirits-{i}--description"),
            Msg::EdDescription,
            &spirit.description,
            "editor__field--wide",
        );
        form.problem(&format!("s{i}"));
        form.button("remove-spirit", &i.to_string(), Msg::EdRemove, &format!("editor-remove-spirit-{i}"));
        form.html.push_str("</div>");
    }
    let _ = write!(form.html, r#"<p class="editor__sum" id="ed-sum" data-testid="editor-weight-sum"></p>"#);
    form.problem("spirits");
    form.button("add-spirit", "", Msg::EdAddSpirit, "editor-add-spirit");
    let _ = write!(
        form.html,
        r#"</fieldset><fieldset class="editor__group"><legend>{}</legend>"#,
        escape(t(lang, Msg::EdIndicators))
    );
    for (i, indicator) in draft.indicators.iter().enumerate() {
        form.indicator(i, indicator);
    }
    form.problem("indicators");
    form.button("add-indicator", "", Msg::EdAddIndicator, "editor-add-indicator");
    form.html.push_str("</fieldset>");
    form.problem("general");
    form.html
}

/// The text of the spirit weights' sum line, and whether it is wrong. What is wrong about it is
/// said once, by the engine's problem line under it (slot `spirits`).
pub fn weight_sum_text(draft: &RubricDraft, lang: Lang) -> (String, bool) {
    let sum = draft.spirit_weight_sum().map(|sum| sum.to_string()).unwrap_or_else(|| "?".into());
    let wrong = sum != "100";
    (format!("{} {sum}", t(lang, Msg::EdWeightSum)), wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KABKOTA_2023: &str = include_str!("../../../../public/rubrics/rubric-kabkota-2023.json");

    fn kabkota() -> RubricDraft {
        RubricDraft::from_rubric(&engine::Rubric::parse_json(KABKOTA_2023).unwrap())
    }

    /// The kab/kota rubric with its first indicator turned into a category rule.
    fn with_category() -> RubricDraft {
        let mut draft = kabkota();
        let rule = &mut draft.indicators[0].rule;
        rule.kind = RuleKind::Category;
        rule.labels = vec![
            engine::draft::LabelDraft { label: "WTP".into(), points: "100".into() },
            engine::draft::LabelDraft { label: "WDP".into(), points: "70".into() },
        ];
        draft
    }

    #[test]
    fn every_field_the_engine_can_name_has_a_problem_line_in_the_form() {
        let mut draft = with_category();
        draft.indicators[0].rule.labels.push(engine::draft::LabelDraft::default());
        for lang in [Lang::Id, Lang::En] {
            let html = form_html(&draft, lang);
            for path in draft.field_paths() {
                for slot in slots_of(&path, &draft) {
                    assert!(html.contains(&format!(r#"id="ed-p-{slot}""#)), "{path} → {slot} has no line");
                }
            }
        }
    }

    #[test]
    fn a_typed_value_reaches_its_field_and_its_problem_its_line() {
        let mut draft = kabkota();
        assert!(!set_slot(&mut draft, "s0-weight", "25".into()));
        assert_eq!(draft.spirits[0].weight, "25");
        let problems = problems_by_slot(&draft, Lang::Id);
        assert_eq!(problems["spirits"].0, ["spirits"]);
        assert!(problems["spirits"].1[0].contains("105"));
        assert_eq!(weight_sum_text(&draft, Lang::Id), ("Jumlah bobot spirit: 105".into(), true));
        assert_eq!(problems.values().flat_map(|(_, texts)| texts).count(), 1, "the sum is said wrong once");
        let category = 0;
        draft.indicators[0] = with_category().indicators[0].clone();
        set_slot(&mut draft, &format!("i{category}-l0-points"), "101".into());
        let label = draft.indicators[category].rule.labels[0].label.clone();
        let problems = problems_by_slot(&draft, Lang::En);
        assert_eq!(problems[&format!("i{category}-l0")].0, [format!("indicators[{category}].rule.points.{label}")]);
        assert!(set_slot(&mut draft, "i0-kind", "boolean".into()));
        assert_eq!(draft.indicators[0].rule.kind, RuleKind::Boolean);
        assert!(set_slot(&mut draft, "s1-code", "EE".into()));
        set_slot(&mut draft, "rounding", "total".into());
        assert_eq!(draft.rounding, Rounding::Total);
    }

    #[test]
    fn notes_and_descriptions_are_editable_and_reach_the_file() {
        let mut draft = kabkota();
        for (slot, value) in
            [("description", "Rubrik uji"), ("s2-description", "Merespons sinyal"), ("i3-source_note", "Data BPS")]
        {
            assert!(!set_slot(&mut draft, slot, value.into()), "{slot} is not structural");
            assert!(form_html(&draft, Lang::En).contains(&format!(r#"id="ed-f-{slot}""#)));
        }
        let rubric = draft.to_rubric().expect("descriptions keep the draft valid");
        assert_eq!(rubric.description(), Some("Rubrik uji"));
        assert_eq!(rubric.spirits()[2].description(), Some("Merespons sinyal"));
        assert_eq!(rubric.indicators()[3].source_note(), Some("Data BPS"));
        assert_eq!(slots_of("indicators[3].source_note", &draft), ["i3-source_note"]);
        assert_eq!(slots_of("spirits[2].description", &draft), ["s2-description"]);
        assert_eq!(slots_of("description", &draft), ["description"]);
    }

    #[test]
    fn the_first_indicator_cannot_move_up_nor_the_last_down() {
        let draft = kabkota();
        let html = form_html(&draft, Lang::Id);
        let last = draft.indicators.len() - 1;
        for (test_id, disabled) in [
            ("editor-move-up-0".to_string(), true),
            ("editor-move-down-0".to_string(), false),
            (format!("editor-move-up-{last}"), false),
            (format!("editor-move-down-{last}"), true),
        ] {
            let start = html.find(&format!(r#"data-testid="{test_id}""#)).expect("every indicator has both buttons");
            let tag = &html[start..start + html[start..].find('>').expect("the tag ends")];
            assert_eq!(tag.contains(" disabled"), disabled, "{test_id}");
            assert!(tag.contains("aria-label="), "{test_id} has a name");
        }
    }

    #[test]
    fn texts_in_the_form_are_escaped() {
        let mut draft = kabkota();
        draft.name = r#"<b>"x"</b>"#.into();
        assert!(form_html(&draft, Lang::Id).contains("&lt;b&gt;&quot;x&quot;&lt;/b&gt;"));
    }
}

//! "Impor nilai": a CSV or XLSX file of indicator values for the chosen period and population,
//! or (the admin's "Unit" tab) a file of units for the registry. A dry run first (`dry_run=true`: nothing is written) lists every problem by row and column;
//! only a file without problems can be confirmed, and the commit is one transaction on the
//! server — all rows or none. Admins and indicator owners (for their own indicators) only.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::entries::{ImportReport, send_import};
use crate::api::registry::send_unit_import;
use crate::i18n::{Msg, format_integer, use_i18n};

/// What a file is imported into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportTarget {
    /// Indicator values of one population in one period.
    Values { period_id: String, population: String },
    /// The unit registry (`code,name,population[,parent]`).
    Units,
}

impl ImportTarget {
    async fn send(&self, file: &web_sys::File, dry_run: bool) -> Result<ImportReport, String> {
        match self {
            ImportTarget::Values { period_id, population } => send_import(period_id, population, file, dry_run).await,
            ImportTarget::Units => send_unit_import(file, dry_run).await,
        }
    }
}

#[derive(Clone, PartialEq)]
enum Stage {
    Idle,
    Busy,
    /// A dry run's report (confirm is possible when it is `ok`).
    Checked(ImportReport),
    /// The commit's report (or its refusal, as a report of problems).
    Committed(ImportReport),
    Failed(String),
}

#[component]
pub fn ImportPanel(
    target: ImportTarget,
    /// Called after a commit that stored the file (to reload the grid and results, or the units).
    on_imported: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let file = StoredValue::new_local(None::<web_sys::File>);
    let stage = RwSignal::new(Stage::Idle);

    let choose = move |event: leptos::ev::Event| {
        let chosen = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        file.set_value(chosen);
        // A new file needs a new dry run before anything can be confirmed.
        stage.set(Stage::Idle);
    };
    let units = target == ImportTarget::Units;
    let run = {
        let target = target.clone();
        move |dry_run: bool| {
            let Some(chosen) = file.get_value() else {
                stage.set(Stage::Failed(i18n.t(Msg::ImportNoFile).to_string()));
                return;
            };
            let target = target.clone();
            stage.set(Stage::Busy);
            leptos::task::spawn_local(async move {
                let answer = target.send(&chosen, dry_run).await;
                let next = match answer {
                    Ok(report) if dry_run => Stage::Checked(report),
                    Ok(report) => {
                        if report.ok {
                            on_imported.run(());
                        }
                        Stage::Committed(report)
                    }
                    Err(message) => Stage::Failed(message),
                };
                let _ = stage.try_set(next);
            });
        }
    };
    let check = {
        let run = run.clone();
        move |_| run(true)
    };
    let confirm = move |_| run(false);

    let report_view = move || {
        let lang = i18n.lang();
        let (report, committed) = match stage.get() {
            Stage::Idle => return ().into_any(),
            Stage::Busy => return view! { <p role="status">{i18n.tr(Msg::ImportChecking)}</p> }.into_any(),
            Stage::Failed(message) => {
                return view! { <p class="form__error" role="alert" data-testid="import-error">{message}</p> }
                    .into_any();
            }
            Stage::Checked(report) => (report, false),
            Stage::Committed(report) => (report, true),
        };
        let stored = if units {
            let n_units = report.summary.new + report.summary.changed + report.summary.unchanged;
            format!(" {} {}", format_integer(n_units as i64, lang), i18n.t(Msg::UnitImportUnits))
        } else {
            format!(
                " {} {}",
                format_integer(report.values.unwrap_or_default() as i64, lang),
                i18n.t(if report.ok { Msg::ImportValues } else { Msg::ImportValuesValid })
            )
        };
        let counts = format!(
            "{} {}{stored} ({} {}, {} {}, {} {})",
            format_integer(report.rows as i64, lang),
            i18n.t(Msg::ImportRows),
            format_integer(report.summary.new as i64, lang),
            i18n.t(Msg::ImportNew),
            format_integer(report.summary.changed as i64, lang),
            i18n.t(Msg::ImportChanged),
            format_integer(report.summary.unchanged as i64, lang),
            i18n.t(Msg::ImportUnchanged),
        );
        let problems = (!report.problems.is_empty()).then(|| {
            let rows = report
                .problems
                .iter()
                .map(|problem| {
                    let row = if problem.row == 0 { i18n.t(Msg::ImportWholeFile).to_string() } else { problem.row.to_string() };
                    view! {
                        <tr data-testid="import-problem">
                            <td class="num">{row}</td>
                            <td>{problem.column.clone().unwrap_or_default()}</td>
                            <td>{problem.message.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="form__error" role="alert">{format!("{} {}", report.problems.len(), i18n.t(Msg::ImportProblems))}</p>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table" data-testid="import-problems">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{i18n.tr(Msg::ImportRow)}</th>
                                <th scope="col">{i18n.tr(Msg::ImportColumn)}</th>
                                <th scope="col">{i18n.tr(Msg::ImportProblem)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        });
        let confirmable = report.ok && !committed;
        let confirm = confirm.clone();
        view! {
            <div class="import__report" data-testid="import-report">
                {if committed && report.ok {
                    view! { <p role="status" data-testid="import-done">{format!("{} {counts}", i18n.t(Msg::ImportDone))}</p> }.into_any()
                } else {
                    view! { <p data-testid="import-counts">{counts}</p> }.into_any()
                }}
                {(report.ok && !committed).then(|| view! { <p>{i18n.tr(Msg::ImportNoProblem)}</p> })}
                {problems}
                {confirmable.then(|| view! {
                    <div class="entry-buttons">
                        <button type="button" class="button button--primary" data-testid="import-confirm" on:click=confirm>
                            {i18n.tr(Msg::ImportConfirm)}
                        </button>
                        <button type="button" class="button" data-testid="import-cancel" on:click=move |_| stage.set(Stage::Idle)>
                            {i18n.tr(Msg::ImportCancel)}
                        </button>
                    </div>
                })}
            </div>
        }
        .into_any()
    };

    view! {
        <details class="import" data-testid="import-panel">
            <summary>{i18n.tr(if units { Msg::UnitImportTitle } else { Msg::ImportTitle })}</summary>
            <p class="entry-hint">{i18n.tr(if units { Msg::UnitImportLead } else { Msg::ImportLead })}</p>
            <div class="import__controls">
                <label class="form__field">
                    <span>{i18n.tr(Msg::ImportFile)}</span>
                    <input type="file" accept=".csv,.xlsx,text/csv" data-testid="import-file" on:change=choose/>
                </label>
                <button type="button" class="button" data-testid="import-check" disabled=move || stage.get() == Stage::Busy on:click=check>
                    {i18n.tr(Msg::ImportCheck)}
                </button>
            </div>
            <div aria-live="polite">{report_view}</div>
        </details>
    }
}

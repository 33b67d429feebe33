//! Reusable view pieces. Each stays thin: text comes from `i18n`, data from plain modules.

pub mod admin;
// The citizens' aspiration service (issue 23).
pub mod aspiration;
pub mod assessment;
pub mod dashboard;
// The assessor's entry detail panel and the import (issue 4).
pub mod entry_detail;
pub mod grade_table;
pub mod home;
pub mod import;
// Read-only blocks as HTML text: `escape`, `Table`, `place_html`.
pub mod html;
pub mod lang_switch;
pub mod main_nav;
// The work-system policy monitor's blocks, forms and words (issue 24).
pub mod policy;
pub mod published;
pub mod simulator;
pub mod site_footer;
pub mod site_header;
// The first-run "Mulai" checklist (issue 17).
pub mod setup_checklist;
pub mod user_menu;
// Webinar mode, walk-through and sandbox (issue 7).
pub mod webinar;

//! What a run tells people: requirement coverage ([`coverage`]: which scenario proves which
//! criterion of `docs/requirements/`) and the self-contained HTML report of a run ([`html`]).

pub mod coverage;
pub mod html;
pub mod run_data;

pub use html::write_html_report;

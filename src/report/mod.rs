//! What a run tells people: requirement coverage ([`coverage`]: which scenario proves which
//! criterion of `docs/requirements/`; [`spec_coverage`]: which scenario proves which statement of
//! the specification, `docs/spec/`) and the self-contained HTML report of a run ([`html`]).

pub mod coverage;
pub mod html;
pub mod run_data;
pub mod spec_coverage;

pub use html::write_html_report;

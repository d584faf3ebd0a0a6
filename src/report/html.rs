//! placeholder
pub fn write_html_report() {}

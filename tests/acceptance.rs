//! The acceptance runner: every feature in `features/` against the server under test.
//! `cargo test --test acceptance -- --tags @smoke` filters by tag; see README.md.

fn main() -> std::process::ExitCode {
    mcp_acceptance::runner::main()
}

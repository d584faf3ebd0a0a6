//! Steps of `features/transports/`: a transport's own rules.

mod legacy_sse;
pub mod sse;

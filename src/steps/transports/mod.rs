//! Steps of `features/transports/`: a transport's own rules.

pub mod sse;

//! Phrases that several feature folders use: connecting clients, bounds on waits.

pub mod connect;

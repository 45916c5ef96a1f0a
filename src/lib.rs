//! banshi (办事向导): a terminal guided wizard for Chinese medical-insurance
//! card procedures.
//!
//! Data flows one way: files → [`flow`] (model) → [`engine`] ↔ [`tui`] and
//! [`plain`], and
//! [`engine`] → [`render`]. [`search`] indexes the loaded flows; [`store`]
//! saves each user's engine state.

pub mod cli;
pub mod cli_lang;
pub mod commands;
pub mod date;
pub mod engine;
pub mod flow;
pub mod local_time;
pub mod locale;
pub mod plain;
pub mod render;
pub mod search;
pub mod store;
pub mod tui;
pub mod wrap;

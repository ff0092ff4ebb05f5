//! The server's log: one line per event on standard error, prefixed `urne:`. Every log line of
//! the server goes through [`line`], so tests can capture them and prove that no code, password
//! or voter↔ballot link is ever logged.

use std::sync::{Mutex, PoisonError};

static CAPTURE: Mutex<Option<Vec<String>>> = Mutex::new(None);

/// Logs one line.
pub fn line(text: &str) {
    eprintln!("urne: {text}");
    let mut capture = CAPTURE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(lines) = capture.as_mut() {
        lines.push(text.to_owned());
    }
}

/// Starts keeping the lines logged from now on (tests).
pub fn start_capture() {
    *CAPTURE.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
}

/// The lines kept since [`start_capture`].
pub fn captured() -> Vec<String> {
    CAPTURE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
        .unwrap_or_default()
}

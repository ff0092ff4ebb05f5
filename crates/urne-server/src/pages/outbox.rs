//! `/outbox`, for the demo: the messages urne would have sent, newest first, read from the
//! in-memory outbox. It shows codes to anyone, so it exists only when the state says
//! `show_outbox` (the demo, or `demo_outbox = true`); otherwise it is a 404.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use urne_delivery::OutboxMessage;

use super::render;
use crate::app::Shared;
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx};

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new().route("/outbox", get(outbox))
}

/// One message as shown.
pub struct Shown {
    channel: &'static str,
    to: String,
    subject: String,
    body: String,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    messages: Vec<Shown>,
}

/// `GET /outbox`.
///
/// # Errors
/// [`WebError::NotFound`] unless the outbox page is on.
pub async fn outbox(State(state): State<Shared>, lang: Lang) -> Result<Response, WebError> {
    let outbox = match (&state.delivery.outbox, state.show_outbox) {
        (Some(outbox), true) => outbox,
        _ => return Err(WebError::NotFound),
    };
    let messages = outbox
        .messages()
        .into_iter()
        .rev()
        .map(|(_, _, message)| match message {
            OutboxMessage::Email(email) => Shown {
                channel: "e-mail",
                to: email.to,
                subject: email.subject,
                body: email.body,
            },
            OutboxMessage::Sms(sms) => Shown {
                channel: "SMS",
                to: sms.to,
                subject: String::new(),
                body: sms.text,
            },
        })
        .collect();
    let page = OutboxPage {
        ctx: PageCtx::anonymous(lang, "/outbox"),
        messages,
    };
    Ok(render(&page)?.into_response())
}

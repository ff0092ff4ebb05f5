//! Every message urne sends a voter, in French then English (one message, both languages, as
//! the agreement's letters are). Codes appear only in the messages meant to carry them; the
//! information e-mails say that something was sent, never what.

/// What every message mentions: who, which scrutin, where and until when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The employer.
    pub organisation: String,
    /// The scrutin's name.
    pub scrutin: String,
    /// Where to vote.
    pub voting_url: String,
    /// Opening, French then English ("21/11/2027 à 8 h", "21/11/2027 at 8 am").
    pub opens: [String; 2],
    /// Closing, French then English.
    pub closes: [String; 2],
    /// The hotline's number or address, if any.
    pub hotline: Option<String>,
}

/// An e-mail's subject and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

const SEPARATOR: &str = "\n\n— English version below —\n\n";

fn footer(ctx: &Context) -> (String, String) {
    match &ctx.hotline {
        Some(h) => (
            format!("\n\nAssistance : {h}\n{}", ctx.organisation),
            format!("\n\nHelp: {h}\n{}", ctx.organisation),
        ),
        None => (
            format!("\n\n{}", ctx.organisation),
            format!("\n\n{}", ctx.organisation),
        ),
    }
}

fn both(ctx: &Context, subject: (&str, &str), fr: String, en: String) -> Text {
    let (foot_fr, foot_en) = footer(ctx);
    Text {
        subject: format!("{} — {} / {}", ctx.scrutin, subject.0, subject.1),
        body: format!("{fr}{foot_fr}{SEPARATOR}{en}{foot_en}\n"),
    }
}

/// The identifiant by e-mail, for voters abroad (Article 9.2.2).
pub fn identifiant_email(ctx: &Context, code: &str) -> Text {
    both(
        ctx,
        ("votre identifiant de vote", "your voting identifiant"),
        format!(
            "Bonjour,\n\nVoici votre identifiant personnel pour le vote électronique « {} » :\n\n    {code}\n\n\
             Le vote est ouvert du {} au {} sur {}.\nAprès l'identifiant, un mot de passe vous sera envoyé \
             séparément, puis le site vous demandera votre défi personnel.\nNe communiquez cet identifiant \
             à personne : nul ne vous le demandera.",
            ctx.scrutin, ctx.opens[0], ctx.closes[0], ctx.voting_url
        ),
        format!(
            "Hello,\n\nHere is your personal identifiant for the online vote \"{}\":\n\n    {code}\n\n\
             Voting is open from {} to {} at {}.\nAfter the identifiant, a password will be sent to you \
             separately, then the site will ask for your personal challenge.\nDo not share this \
             identifiant: nobody will ever ask you for it.",
            ctx.scrutin, ctx.opens[1], ctx.closes[1], ctx.voting_url
        ),
    )
}

/// One vote on a receipt sent by e-mail: the election as voters read it (French, English),
/// when (Paris time), the ballot's tracker and the server's signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptLine {
    /// The election, French then English.
    pub election: [String; 2],
    /// When the vote was recorded, Paris time, French then English.
    pub cast_at: [String; 2],
    /// The tracker, 64 hex digits.
    pub tracker: String,
    /// The signature, 128 hex digits.
    pub signature: String,
}

/// A vote receipt sent to an address of the voter's choice (Annex 1 §2.4); `saved` is the
/// signed receipt as a file (canonical JSON), which anyone can check against the record.
pub fn receipt_email(ctx: &Context, lines: &[ReceiptLine], saved: &str) -> Text {
    let votes = |lang: usize, labels: [&str; 3]| {
        lines
            .iter()
            .map(|l| {
                format!(
                    "- {}\n  {} {}\n  {} {}\n  {} {}\n",
                    l.election[lang],
                    labels[0],
                    l.cast_at[lang],
                    labels[1],
                    l.tracker,
                    labels[2],
                    l.signature
                )
            })
            .collect::<String>()
    };
    both(
        ctx,
        ("accusé de réception de votre vote", "your vote receipt"),
        format!(
            "Bonjour,\n\nVoici l'accusé de réception de votre vote « {} » :\n\n{}\n\
             L'empreinte vous permet de retrouver votre bulletin dans le registre public du scrutin ; \
             la signature, vérifiable avec la clé publiée dans ce registre, prouve que cet accusé \
             n'a pas été modifié. Il ne dit rien de votre choix.\n\nAccusé à conserver (fichier) :\n{saved}",
            ctx.scrutin,
            votes(0, ["Vote enregistré le", "Empreinte du bulletin :", "Signature :"])
        ),
        format!(
            "Hello,\n\nHere is the receipt of your vote \"{}\":\n\n{}\n\
             The tracker lets you find your ballot in the scrutin's public record; the signature, \
             checked with the key published in that record, proves this receipt was not edited. \
             It says nothing of your choice.\n\nReceipt to keep (file):\n{saved}",
            ctx.scrutin,
            votes(1, ["Recorded on", "Ballot tracker:", "Signature:"])
        ),
    )
}

/// The one-time password by SMS (kept short: one message, both languages).
pub fn password_sms(otp: &str) -> String {
    format!(
        "Vote : votre mot de passe est {otp} (valable 10 min). Your voting password is {otp} (valid 10 min)."
    )
}

/// The one-time password by e-mail (voters outside Europe, or set by the hotline).
pub fn password_email(ctx: &Context, otp: &str) -> Text {
    both(
        ctx,
        ("votre mot de passe", "your password"),
        format!(
            "Bonjour,\n\nVotre mot de passe pour vous connecter au vote est :\n\n    {otp}\n\n\
             Il est valable 10 minutes. Si vous n'avez pas demandé ce mot de passe, ignorez ce message."
        ),
        format!(
            "Hello,\n\nYour password to log in to the vote is:\n\n    {otp}\n\n\
             It is valid for 10 minutes. If you did not ask for it, ignore this message."
        ),
    )
}

/// A new identifiant after self-service or hotline recovery; the previous one no longer works.
pub fn new_identifiant_email(ctx: &Context, code: &str) -> Text {
    both(
        ctx,
        ("votre nouvel identifiant", "your new identifiant"),
        format!(
            "Bonjour,\n\nSuite à votre demande, voici votre nouvel identifiant de vote :\n\n    {code}\n\n\
             L'identifiant précédent ne fonctionne plus. Le vote est ouvert jusqu'au {} sur {}.\n\
             Si vous n'avez rien demandé, contactez l'assistance sans attendre.",
            ctx.closes[0], ctx.voting_url
        ),
        format!(
            "Hello,\n\nAs you asked, here is your new voting identifiant:\n\n    {code}\n\n\
             The previous identifiant no longer works. Voting is open until {} at {}.\n\
             If you did not ask for it, contact the help desk at once.",
            ctx.closes[1], ctx.voting_url
        ),
    )
}

/// A new identifiant by SMS (hotline, to the number the voter gave).
pub fn new_identifiant_sms(code: &str) -> String {
    format!("Vote : votre nouvel identifiant est {code}. Your new voting identifiant is {code}.")
}

/// What the hotline sent, for the information e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HotlineAction {
    /// A new identifiant, by SMS.
    IdentifiantBySms,
    /// A new identifiant, by e-mail.
    IdentifiantByEmail,
    /// Passwords will go to an e-mail address.
    PasswordByEmail,
    /// The declared mobile was reset.
    PhoneReset,
}

/// The information e-mail to the professional address after a hotline decision (Article 9.3):
/// it says what was done, never the code.
pub fn hotline_information(ctx: &Context, action: HotlineAction) -> Text {
    let (fr, en) = match action {
        HotlineAction::IdentifiantBySms => (
            "un nouvel identifiant vous a été envoyé par SMS",
            "a new identifiant was sent to you by SMS",
        ),
        HotlineAction::IdentifiantByEmail => (
            "un nouvel identifiant vous a été envoyé par e-mail à l'adresse que vous avez donnée",
            "a new identifiant was sent to you by e-mail, to the address you gave",
        ),
        HotlineAction::PasswordByEmail => (
            "vos mots de passe vous seront envoyés par e-mail à l'adresse que vous avez donnée",
            "your passwords will be sent by e-mail to the address you gave",
        ),
        HotlineAction::PhoneReset => (
            "vous pouvez déclarer un nouveau numéro de mobile à votre prochaine connexion",
            "you may declare a new mobile number when you next log in",
        ),
    };
    both(
        ctx,
        ("votre demande d'assistance", "your help request"),
        format!(
            "Bonjour,\n\nSuite à votre appel à l'assistance, {fr}.\n\
             Si vous n'êtes pas à l'origine de cette demande, contactez l'assistance sans attendre."
        ),
        format!(
            "Hello,\n\nFollowing your call to the help desk, {en}.\n\
             If you did not ask for this, contact the help desk at once."
        ),
    )
}

/// The programmed communications of Article 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Communication {
    /// At opening.
    Opening,
    /// Each morning while voting is open.
    Reminder,
    /// Before the imminent closing.
    Closing,
}

impl Communication {
    /// Every kind, in order.
    pub const ALL: [Communication; 3] = [
        Communication::Opening,
        Communication::Reminder,
        Communication::Closing,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Communication::Opening => "opening",
            Communication::Reminder => "reminder",
            Communication::Closing => "closing",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<Communication> {
        Communication::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The default texts: (subject FR, body FR, subject EN, body EN), with `{scrutin}`,
    /// `{url}`, `{opens}` and `{closes}` replaced when sent.
    pub fn default_texts(self) -> [&'static str; 4] {
        match self {
            Communication::Opening => [
                "le vote est ouvert",
                "Bonjour,\n\nLe vote électronique « {scrutin} » est ouvert jusqu'au {closes}, 24 h sur 24, sur {url}.\nMunissez-vous de l'identifiant reçu par courrier, de votre téléphone mobile et de votre badge.",
                "voting is open",
                "Hello,\n\nThe online vote \"{scrutin}\" is open until {closes}, day and night, at {url}.\nHave at hand the identifiant you received by post, your mobile phone and your badge.",
            ],
            Communication::Reminder => [
                "rappel : le vote est en cours",
                "Bonjour,\n\nLe vote « {scrutin} » est en cours jusqu'au {closes} sur {url}. Si vous avez déjà voté, merci : ignorez ce message.",
                "reminder: voting is under way",
                "Hello,\n\nThe vote \"{scrutin}\" is under way until {closes} at {url}. If you have already voted, thank you: ignore this message.",
            ],
            Communication::Closing => [
                "le vote ferme bientôt",
                "Bonjour,\n\nLe vote « {scrutin} » ferme le {closes}. Il est encore temps de voter sur {url}.",
                "voting closes soon",
                "Hello,\n\nThe vote \"{scrutin}\" closes on {closes}. There is still time to vote at {url}.",
            ],
        }
    }
}

/// Fills a communication's texts for sending.
pub fn communication(ctx: &Context, texts: [&str; 4]) -> Text {
    let fill = |text: &str, lang: usize| {
        text.replace("{scrutin}", &ctx.scrutin)
            .replace("{url}", &ctx.voting_url)
            .replace("{opens}", &ctx.opens[lang])
            .replace("{closes}", &ctx.closes[lang])
    };
    both(
        ctx,
        (&fill(texts[0], 0), &fill(texts[2], 1)),
        fill(texts[1], 0),
        fill(texts[3], 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        Context {
            organisation: "ACME".to_owned(),
            scrutin: "CSE 2027".to_owned(),
            voting_url: "https://vote.example".to_owned(),
            opens: [
                "21/11/2027 à 8 h".to_owned(),
                "21/11/2027 at 8 am".to_owned(),
            ],
            closes: [
                "25/11/2027 à 14 h".to_owned(),
                "25/11/2027 at 2 pm".to_owned(),
            ],
            hotline: Some("01 23 45 67 89".to_owned()),
        }
    }

    #[test]
    fn messages_are_in_french_then_english_and_carry_the_code_once_per_language() {
        let text = identifiant_email(&ctx(), "ABCDEF-GHJKMN-PQRSTV");
        assert_eq!(text.body.matches("ABCDEF-GHJKMN-PQRSTV").count(), 2);
        let fr = text.body.find("Voici").unwrap();
        let en = text.body.find("Here is").unwrap();
        assert!(fr < en);
        assert!(text.body.contains("01 23 45 67 89"));
        assert!(password_sms("12345678").contains("12345678"));
    }

    #[test]
    fn each_hotline_action_says_what_was_done_in_both_languages() {
        let bodies: std::collections::BTreeSet<String> = [
            HotlineAction::IdentifiantBySms,
            HotlineAction::IdentifiantByEmail,
            HotlineAction::PasswordByEmail,
            HotlineAction::PhoneReset,
        ]
        .into_iter()
        .map(|action| hotline_information(&ctx(), action).body)
        .collect();
        assert_eq!(bodies.len(), 4);
        assert!(bodies
            .iter()
            .all(|b| b.contains("assistance") && b.contains("help desk")));
    }

    #[test]
    fn communications_fill_their_placeholders() {
        let text = communication(&ctx(), Communication::Closing.default_texts());
        assert!(text.body.contains("25/11/2027 à 14 h"));
        assert!(text.body.contains("25/11/2027 at 2 pm"));
        assert!(!text.body.contains('{'));
        assert_eq!(
            Communication::parse("reminder"),
            Some(Communication::Reminder)
        );
    }
}

//! Fake servers for the tests, each on `127.0.0.1:0` serving a single connection in a thread:
//! an SMTP server that records the envelope and the DATA, an HTTP server that records one
//! request; and decoders for what lettre writes (quoted-printable, base64, RFC 2047 words).
//!
//! Left out: anything of SMTP or HTTP the clients under test do not use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub(crate) fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn accept_one(listener: &TcpListener) -> TcpStream {
    let (stream, _) = listener.accept().unwrap();
    // A client that stalls fails the test instead of hanging it.
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// What a fake SMTP server saw during its one session.
#[derive(Debug, Default)]
pub(crate) struct SmtpSession {
    /// Every command line, in order (without DATA's content).
    pub(crate) commands: Vec<String>,
    /// The arguments of RCPT TO, such as `<jean@example.org>`.
    pub(crate) recipients: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, without the end marker (`CRLF.CRLF`).
    pub(crate) data: String,
}

/// Starts a fake SMTP server answering `rcpt_reply` (such as `250 OK`) to RCPT TO.
pub(crate) fn fake_smtp(rcpt_reply: &'static str) -> (u16, JoinHandle<SmtpSession>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let mut writer = accept_one(&listener);
        let mut reader = BufReader::new(writer.try_clone().unwrap());
        let mut session = SmtpSession::default();
        // Writes may fail once the client has hung up: the session is what counts.
        let _ = writer.write_all(b"220 fake.test ESMTP\r\n");
        while let Some(command) = read_line(&mut reader) {
            let upper = command.to_ascii_uppercase();
            session.commands.push(command.clone());
            let reply = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                "250-fake.test\r\n250 8BITMIME"
            } else if upper.starts_with("MAIL FROM:") || upper == "RSET" || upper == "NOOP" {
                "250 OK"
            } else if upper.starts_with("RCPT TO:") {
                session
                    .recipients
                    .push(command["RCPT TO:".len()..].trim().to_owned());
                rcpt_reply
            } else if upper == "DATA" {
                let _ = writer.write_all(b"354 go ahead\r\n");
                session.data = read_data(&mut reader);
                "250 queued"
            } else if upper == "QUIT" {
                let _ = writer.write_all(b"221 bye\r\n");
                break;
            } else {
                "502 not implemented"
            };
            let _ = writer.write_all(format!("{reply}\r\n").as_bytes());
        }
        session
    });
    (port, handle)
}

/// One line without its line break, or `None` at the end of the stream (or on a read error,
/// such as a TLS client hello where a command was expected).
fn read_line(reader: &mut impl BufRead) -> Option<String> {
    let mut line = Vec::new();
    match reader.read_until(b'\n', &mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(
            String::from_utf8_lossy(&line)
                .trim_end_matches(['\r', '\n'])
                .to_owned(),
        ),
    }
}

fn read_data(reader: &mut impl BufRead) -> String {
    let mut data = String::new();
    while let Some(line) = read_line(reader) {
        if line == "." {
            break;
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
        data.push_str("\r\n");
    }
    // The line break before the final `.` belongs to the end marker (RFC 5321 §4.1.1.4).
    data.truncate(data.len().saturating_sub(2));
    data
}

/// A parsed e-mail: unfolded headers (names lower-cased) and the decoded body.
pub(crate) struct ParsedEmail {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl ParsedEmail {
    /// The first header named `name` (lower-case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses what a fake SMTP server received after DATA. Line breaks in the body come back as `\n`.
pub(crate) fn parse_email(data: &str) -> ParsedEmail {
    let (head, body) = data.split_once("\r\n\r\n").unwrap();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            headers.last_mut().unwrap().1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let encoding = headers
        .iter()
        .find(|(n, _)| n == "content-transfer-encoding")
        .map(|(_, v)| v.to_ascii_lowercase());
    let bytes = match encoding.as_deref() {
        Some("quoted-printable") => decode_quoted_printable(body),
        Some("base64") => decode_base64(body),
        _ => body.as_bytes().to_vec(),
    };
    let body = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
    ParsedEmail { headers, body }
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header value.
pub(crate) fn decode_header(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for token in value.split_whitespace() {
        let word = token
            .strip_prefix("=?")
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|t| {
                let mut parts = t.splitn(3, '?');
                Some((parts.next()?, parts.next()?, parts.next()?))
            });
        match word {
            Some((charset, encoding, text)) => {
                assert!(charset.eq_ignore_ascii_case("utf-8"), "{value}");
                let bytes = if encoding.eq_ignore_ascii_case("b") {
                    decode_base64(text)
                } else {
                    decode_quoted_printable(&text.replace('_', " "))
                };
                if !previous_encoded && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&String::from_utf8(bytes).unwrap());
                previous_encoded = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(token);
                previous_encoded = false;
            }
        }
    }
    out
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for byte in text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
    {
        let value = ALPHABET.iter().position(|&a| a == byte).unwrap();
        buffer = (buffer << 6) | u32::try_from(value).unwrap();
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
        }
    }
    out
}

/// One HTTP request as a fake provider received it.
#[derive(Debug)]
pub(crate) struct HttpRequest {
    /// `POST /sms HTTP/1.1`.
    pub(crate) request_line: String,
    /// Header names lower-cased.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl HttpRequest {
    /// The first header named `name` (lower-case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Starts a fake HTTP provider answering `status` (such as `200 OK`) to one request; returns
/// its URL (`http://127.0.0.1:port/sms`).
pub(crate) fn fake_http(status: &'static str) -> (String, JoinHandle<HttpRequest>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        let mut writer = accept_one(&listener);
        let mut reader = BufReader::new(writer.try_clone().unwrap());
        let request_line = read_line(&mut reader).unwrap();
        let mut headers = Vec::new();
        while let Some(line) = read_line(&mut reader) {
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\
             Connection: close\r\n\r\n{{}}"
        );
        let _ = writer.write_all(reply.as_bytes());
        HttpRequest {
            request_line,
            headers,
            body: String::from_utf8(body).unwrap(),
        }
    });
    (url, handle)
}

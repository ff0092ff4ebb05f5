//! The load generator of `urne bench cast`: an open-loop schedule of HTTP/1.1 form posts over
//! kept-alive connections, and a round-robin TCP balancer in front of several `urne serve`.
//!
//! Open loop: request `i` is due at `i / rate` seconds whatever happened before, and its
//! latency is measured from when it was due, not from when it was sent, so a slow server cannot
//! hide its queue (no coordinated omission). Each of the `connections` simulated voters' tasks
//! owns one connection and sends the requests `k, k + connections, …`.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// One request: a path and an `application/x-www-form-urlencoded` body, with its cookie.
pub(crate) struct Post {
    pub(crate) path: String,
    pub(crate) cookie: String,
    pub(crate) body: String,
}

/// What one request gave.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outcome {
    /// The HTTP status (0 for a transport error).
    pub(crate) status: u16,
    /// From when it was due to when the whole response was read.
    pub(crate) latency: Duration,
    /// When it completed, from the start.
    pub(crate) done: Duration,
}

/// A kept-alive HTTP/1.1 connection to `address`.
struct Connection {
    address: String,
    stream: Option<BufReader<TcpStream>>,
}

impl Connection {
    async fn send(&mut self, origin: &str, post: &Post) -> Result<u16> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.address).await?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| anyhow!("no connection"))?;
        let host = origin.trim_start_matches("http://");
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nCookie: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            post.path,
            post.cookie,
            post.body.len()
        );
        stream.get_mut().write_all(request.as_bytes()).await?;
        stream.get_mut().write_all(post.body.as_bytes()).await?;
        let mut line = String::new();
        stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("bad status line {line:?}"))?;
        let mut length = 0usize;
        let mut close = false;
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let lower = header.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse()?;
            } else if lower.starts_with("transfer-encoding:") {
                bail!("chunked responses are not expected");
            } else if lower == "connection: close" {
                close = true;
            }
        }
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).await?;
        if close {
            self.stream = None;
        }
        Ok(status)
    }
}

/// Sends `posts` to `address` (as `origin`) at `rate` per second from `connections`
/// connections; returns each request's outcome, in order.
pub(crate) async fn run(
    address: &str,
    origin: &str,
    posts: Vec<Post>,
    rate: f64,
    connections: usize,
) -> Vec<Outcome> {
    let posts = Arc::new(posts);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for slot in 0..connections.min(posts.len()) {
        let (posts, origin) = (posts.clone(), origin.to_owned());
        let mut connection = Connection {
            address: address.to_owned(),
            stream: None,
        };
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for index in (slot..posts.len()).step_by(connections) {
                let due = start + Duration::from_secs_f64(index as f64 / rate);
                tokio::time::sleep_until(due).await;
                let status = match connection.send(&origin, &posts[index]).await {
                    Ok(status) => status,
                    Err(_) => {
                        connection.stream = None;
                        0
                    }
                };
                let now = Instant::now();
                outcomes.push((
                    index,
                    Outcome {
                        status,
                        latency: now.saturating_duration_since(due),
                        done: now - start,
                    },
                ));
            }
            outcomes
        }));
    }
    let mut all = Vec::with_capacity(posts.len());
    for task in tasks {
        if let Ok(outcomes) = task.await {
            all.extend(outcomes);
        }
    }
    all.sort_by_key(|(index, _)| *index);
    all.into_iter().map(|(_, outcome)| outcome).collect()
}

/// A round-robin TCP balancer on `listener`: each new connection goes to the next backend.
pub(crate) fn balance(listener: TcpListener, backends: Vec<String>) {
    tokio::spawn(async move {
        let mut next = 0usize;
        while let Ok((mut inbound, _)) = listener.accept().await {
            let backend = backends[next % backends.len()].clone();
            next += 1;
            tokio::spawn(async move {
                if let Ok(mut outbound) = TcpStream::connect(&backend).await {
                    let _ = inbound.set_nodelay(true);
                    let _ = outbound.set_nodelay(true);
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
}

/// Waits until something accepts connections on `address` (a server starting up).
pub(crate) async fn wait_for(address: &str) -> Result<()> {
    for _ in 0..600 {
        if TcpStream::connect(address).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(anyhow!("nothing listens on {address}")).context("démarrage / start-up")
}

/// A value at quantile `q` (0 to 1) of sorted durations.
pub(crate) fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64) * q).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank() {
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(quantile(&sorted, 0.5), Duration::from_millis(50));
        assert_eq!(quantile(&sorted, 0.99), Duration::from_millis(99));
        assert_eq!(quantile(&sorted, 1.0), Duration::from_millis(100));
        assert_eq!(quantile(&[], 0.5), Duration::ZERO);
    }
}

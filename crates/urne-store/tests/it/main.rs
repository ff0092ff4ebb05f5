//! The store's tests, run on every backend: SQLite always, PostgreSQL when `URNE_TEST_PG` holds
//! a connection URL (`.ci/run` sets it). Each test gets fresh stores (a temporary directory, or
//! two fresh schemas) and runs its body once per backend.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod access;
mod ballot_box;
mod batches;
mod corrections;
mod lists;
mod separation;
mod setup;
mod staff;
mod voters;

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use urne_store::{BallotBox, Db, Registry, Stores};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(name: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("t{}_{}_{}", std::process::id(), n, name)
}

/// Fresh stores on SQLite, in a new temporary directory.
pub(crate) async fn sqlite_stores(name: &str) -> Stores {
    let dir = std::env::temp_dir().join(format!("urne-store-{}", unique(name)));
    Stores::open_sqlite_dir(&dir).await.unwrap()
}

/// Fresh stores on PostgreSQL (two new schemas), when `URNE_TEST_PG` is set.
pub(crate) async fn postgres_stores(name: &str) -> Option<Stores> {
    let url = std::env::var("URNE_TEST_PG").ok()?;
    let base = unique(name);
    let registry = Registry::open(
        Db::open_postgres(&url, Some(&format!("{base}_registry")))
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let ballot_box = BallotBox::open(
        Db::open_postgres(&url, Some(&format!("{base}_ballot_box")))
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    Some(Stores {
        registry,
        ballot_box,
    })
}

/// Runs `body` on fresh stores of every available backend.
pub(crate) async fn on_each_backend<F, Fut>(name: &str, body: F)
where
    F: Fn(Stores) -> Fut,
    Fut: Future<Output = ()>,
{
    body(sqlite_stores(name).await).await;
    if let Some(stores) = postgres_stores(name).await {
        let (registry, ballot_box) = (stores.registry.clone(), stores.ballot_box.clone());
        body(stores).await;
        registry.db().drop_schema().await.unwrap();
        ballot_box.db().drop_schema().await.unwrap();
    } else {
        eprintln!("{name}: PostgreSQL skipped (URNE_TEST_PG is not set)");
    }
}

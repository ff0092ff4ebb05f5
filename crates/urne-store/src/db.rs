//! One connection pool over SQLite or PostgreSQL, and the few differences between the two.
//!
//! Both backends run the same SQL through `sqlx`'s `Any` driver. What differs is handled here
//! and nowhere else: placeholders (`?` is written everywhere and rewritten to `$1, $2, …` for
//! PostgreSQL), the column types of the migrations (`{id}`, `{int}`, `{blob}`), SQLite's pragmas
//! (WAL, foreign keys, busy timeout) and PostgreSQL's schema (`search_path`). Integers and
//! booleans are stored as 64-bit integers in both, so rows decode the same way.
//!
//! Left out: connection retries and TLS to PostgreSQL (use a local socket or a tunnel).

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::error::StoreError;

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL database (or a schema of one).
    Postgres,
}

/// A pool of connections to one store, and its backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The PostgreSQL schema this store lives in, if not the default one.
    schema: Option<String>,
}

/// A migration: its version and its SQL, with `{id}`, `{int}`, `{blob}` and `{without_rowid}` to substitute.
pub(crate) struct Migration {
    pub(crate) version: i64,
    pub(crate) sql: &'static str,
}

impl Db {
    /// Opens (creating it if needed) the SQLite file at `path`.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the file cannot be opened.
    pub async fn open_sqlite(path: &Path) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}?mode=rwc", url_path(path));
        let options = AnyConnectOptions::from_str(&url).map_err(StoreError::db("open SQLite"))?;
        // SQLite serialises writers; WAL lets readers go on while one writes, and the busy
        // timeout makes a second writer wait instead of failing at once.
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::db("open SQLite"))?;
        Ok(Db {
            pool,
            backend: Backend::Sqlite,
            schema: None,
        })
    }

    /// Connects to PostgreSQL at `url`; with `schema`, the store lives in that schema (created
    /// if needed), so that two stores can share one database with separate schemas and roles.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the server cannot be reached or the schema created.
    pub async fn open_postgres(url: &str, schema: Option<&str>) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        if let Some(name) = schema {
            if !is_identifier(name) {
                return Err(StoreError::Invalid(format!("schema name {name:?}")));
            }
        }
        let options =
            AnyConnectOptions::from_str(url).map_err(StoreError::db("open PostgreSQL"))?;
        if let Some(name) = schema {
            let pool = AnyPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
                .map_err(StoreError::db("open PostgreSQL"))?;
            pool.execute(format!("CREATE SCHEMA IF NOT EXISTS {name}").as_str())
                .await
                .map_err(StoreError::db("create schema"))?;
            pool.close().await;
        }
        let search_path = schema.map(|name| format!("SET search_path TO {name}"));
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .after_connect(move |conn, _meta| {
                let search_path = search_path.clone();
                Box::pin(async move {
                    if let Some(statement) = search_path {
                        conn.execute(statement.as_str()).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::db("open PostgreSQL"))?;
        Ok(Db {
            pool,
            backend: Backend::Postgres,
            schema: schema.map(str::to_owned),
        })
    }

    /// Opens a store from a URL: `sqlite://PATH` or `postgres://…` (with an optional
    /// `#schema` suffix naming the PostgreSQL schema).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for another scheme; otherwise as the `open_*` functions.
    pub async fn open_url(url: &str) -> Result<Db, StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            return Db::open_sqlite(Path::new(path)).await;
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let (base, schema) = match url.split_once('#') {
                Some((base, schema)) => (base, Some(schema)),
                None => (url, None),
            };
            return Db::open_postgres(base, schema).await;
        }
        Err(StoreError::Invalid(
            "a store URL starts with sqlite:// or postgres://".to_owned(),
        ))
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for the store modules.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// `sql` with its `?` placeholders in this backend's syntax.
    pub(crate) fn sql(&self, sql: &str) -> String {
        match self.backend {
            Backend::Sqlite => sql.to_owned(),
            Backend::Postgres => {
                let mut out = String::with_capacity(sql.len() + 16);
                let mut n = 0;
                for c in sql.chars() {
                    if c == '?' {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// Applies the migrations not yet applied, each in its own transaction.
    pub(crate) async fn migrate(&self, migrations: &[Migration]) -> Result<(), StoreError> {
        let create = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)";
        self.pool
            .execute(create)
            .await
            .map_err(StoreError::db("create schema_migrations"))?;
        for migration in migrations {
            let applied: Option<(i64,)> = sqlx::query_as(
                &self.sql("SELECT version FROM schema_migrations WHERE version = ?"),
            )
            .bind(migration.version)
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::db("read schema_migrations"))?;
            if applied.is_some() {
                continue;
            }
            let mut tx = self.pool.begin().await.map_err(StoreError::db("migrate"))?;
            let ddl = self.ddl(migration.sql);
            let without_comments: String = ddl
                .lines()
                .filter(|line| !line.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            for statement in without_comments.split(';') {
                if statement.trim().is_empty() {
                    continue;
                }
                tx.execute(statement)
                    .await
                    .map_err(StoreError::db("apply migration"))?;
            }
            sqlx::query(&self.sql("INSERT INTO schema_migrations (version) VALUES (?)"))
                .bind(migration.version)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("record migration"))?;
            tx.commit().await.map_err(StoreError::db("migrate"))?;
        }
        Ok(())
    }

    fn ddl(&self, sql: &str) -> String {
        let (id, int, blob, without_rowid) = match self.backend {
            Backend::Sqlite => ("INTEGER PRIMARY KEY", "INTEGER", "BLOB", "WITHOUT ROWID"),
            Backend::Postgres => (
                "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                "BIGINT",
                "BYTEA",
                "",
            ),
        };
        sql.replace("{id}", id)
            .replace("{int}", int)
            .replace("{blob}", blob)
            .replace("{without_rowid}", without_rowid)
    }

    /// Every `(table, column)` of this store, for the schema-separation test and audits.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the catalogue cannot be read.
    pub async fn columns(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows: Vec<(String, String)> = match self.backend {
            Backend::Sqlite => {
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2",
                )
                .fetch_all(&self.pool)
                .await
            }
            Backend::Postgres => {
                sqlx::query_as(
                    "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 ORDER BY 1, 2",
                )
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(StoreError::db("read the catalogue"))?;
        Ok(rows)
    }

    /// Every value of every column of every table, as text (blobs in lowercase hex), for tests
    /// that prove a secret is stored nowhere.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn dump(&self) -> Result<Vec<String>, StoreError> {
        use sqlx::Row;
        let mut values = Vec::new();
        for (table, column) in self.columns().await? {
            let sql = format!("SELECT {column} FROM {table}");
            let rows = sqlx::query(&sql)
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::db("dump"))?;
            for row in &rows {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(0) {
                    values.push(text);
                } else if let Ok(Some(bytes)) = row.try_get::<Option<Vec<u8>>, _>(0) {
                    values.push(hex::encode(&bytes));
                    values.push(String::from_utf8_lossy(&bytes).into_owned());
                } else if let Ok(Some(n)) = row.try_get::<Option<i64>, _>(0) {
                    values.push(n.to_string());
                }
            }
        }
        Ok(values)
    }

    /// Drops this store's PostgreSQL schema and everything in it (tests only clean up with it).
    ///
    /// # Errors
    /// [`StoreError::Database`] when the statement fails.
    pub async fn drop_schema(&self) -> Result<(), StoreError> {
        if let (Backend::Postgres, Some(name)) = (self.backend, &self.schema) {
            self.pool
                .execute(format!("DROP SCHEMA IF EXISTS {name} CASCADE").as_str())
                .await
                .map_err(StoreError::db("drop schema"))?;
        }
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `path` for a `sqlite://` URL: sqlx percent-decodes the path, so every byte but printable
/// ASCII (and `%`, `?`, `#`) is percent-encoded.
fn url_path(path: &Path) -> String {
    path.to_string_lossy()
        .bytes()
        .map(|b| match b {
            b'%' | b'?' | b'#' => format!("%{b:02X}"),
            _ if b.is_ascii_graphic() => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_files_may_have_odd_names() {
        let dir = std::env::temp_dir().join(format!("urne db ?#% {}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("registre é.sqlite");
        Db::open_sqlite(&file).await.unwrap().close().await;
        assert!(file.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("urne_registry_1"));
        assert!(!is_identifier("x; DROP TABLE y"));
        assert!(!is_identifier("1abc"));
        assert!(!is_identifier(""));
    }
}

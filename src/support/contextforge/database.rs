//! Reading what the gateway persisted in its SQLite database, independently of its API.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// The values of `column` in `table` (tables and columns are the gateway's own names).
pub fn column_values(database: &Path, table: &str, column: &str) -> Result<Vec<String>> {
    for name in [table, column] {
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            bail!("'{name}' is not a plain SQL identifier");
        }
    }
    let connection = rusqlite::Connection::open(database)
        .with_context(|| format!("opening the gateway's database {}", database.display()))?;
    let mut statement = connection
        .prepare(&format!("SELECT CAST({column} AS TEXT) FROM {table}"))
        .with_context(|| format!("reading {table}.{column} from {}", database.display()))?;
    let rows = statement.query_map([], |row| row.get::<_, Option<String>>(0))?;
    let mut values = Vec::new();
    for row in rows {
        values.extend(row?);
    }
    Ok(values)
}

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

/// Fails unless `table` has a row whose `column` is `value`.
pub fn expect_row(database: &Path, table: &str, column: &str, value: &str) -> Result<()> {
    let values = column_values(database, table, column)?;
    if !values.iter().any(|v| v == value) {
        bail!(
            "{} has no row in {table} with {column} = {value} (it holds {values:?})",
            database.display()
        );
    }
    Ok(())
}

/// Fails unless the virtual server `server` is associated with the tool `tool` (both ids).
pub fn expect_server_tool(database: &Path, server: &str, tool: &str) -> Result<()> {
    let connection = rusqlite::Connection::open(database)
        .with_context(|| format!("opening the gateway's database {}", database.display()))?;
    let rows: i64 = connection
        .query_row(
            "SELECT count(*) FROM server_tool_association WHERE server_id = ?1 AND tool_id = ?2",
            [server, tool],
            |row| row.get(0),
        )
        .with_context(|| {
            format!(
                "reading server_tool_association from {}",
                database.display()
            )
        })?;
    if rows == 0 {
        bail!(
            "server_tool_association has no row ({server}, {tool}) in {}",
            database.display()
        );
    }
    Ok(())
}

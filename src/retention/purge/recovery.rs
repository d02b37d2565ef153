//! Crash recovery: a run that started and never ended (killed, or the
//! machine died) has its archive files cut back to what its committed
//! batches wrote, so nothing is archived twice.

use std::path::Path;

use sqlx::postgres::PgConnection;

use crate::audit::Actor;
use crate::error::{Error, ErrorKind, Result};
use crate::retention::archive::{self, RunDir};

use super::{Recovered, audit};

/// The archive length the committed batches of `run` recorded for `path`.
pub(super) async fn committed_end(conn: &mut PgConnection, run: &str, path: &Path) -> Result<u64> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let end: Option<i64> = sqlx::query_scalar(
        "SELECT max((details->>'archive_end')::bigint) FROM audit_logs \
         WHERE action = 'retention.batch' AND details->>'run' = $1 AND details->>'archive' = $2",
    )
    .bind(run)
    .bind(&name)
    .fetch_one(conn)
    .await
    .map_err(Error::db("cannot read which purge batches committed"))?;
    Ok(end.unwrap_or(0) as u64)
}

/// Finds runs that started and never ended (killed, or the machine died),
/// and cuts their archive files back to what their committed batches wrote.
pub(super) async fn recover(conn: &mut PgConnection, actor: &Actor) -> Result<Vec<Recovered>> {
    let runs: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.details->>'run', s.details->>'archive_dir' FROM audit_logs s \
         WHERE s.action = 'retention.run' \
           AND NOT EXISTS (SELECT 1 FROM audit_logs e \
                           WHERE e.action IN ('retention.purge', 'retention.recovered') \
                             AND e.entity_id = s.entity_id) \
         ORDER BY s.occurred_at",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("cannot look for interrupted purges"))?;
    let mut recovered = Vec::new();
    for (run, archive_dir) in runs {
        let dir = Path::new(&archive_dir).join(&run);
        let committed: Vec<(String, i64)> = sqlx::query_as(
            "SELECT details->>'archive', max((details->>'archive_end')::bigint) FROM audit_logs \
             WHERE action = 'retention.batch' AND details->>'run' = $1 GROUP BY 1",
        )
        .bind(&run)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db("cannot read an interrupted purge's batches"))?;
        let mut files = Vec::new();
        let mut dropped = 0;
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
            Err(_) if committed.is_empty() => Vec::new(),
            Err(e) => {
                return Err(Error::io(
                    "an interrupted purge archived rows it deleted here, but the directory cannot be read; restore it before purging again",
                    &dir,
                    ErrorKind::BadInput,
                )(e));
            }
        };
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(archive::EXTENSION) || archive::checksum_path(&path).exists() {
                continue;
            }
            let end = committed
                .iter()
                .find(|(f, _)| *f == name)
                .map_or(0, |(_, end)| *end as u64);
            dropped += archive::recover(&path, end)?;
            files.push(path);
        }
        for (file, _) in &committed {
            if !dir.join(file).exists() {
                return Err(Error::Corrupt(format!(
                    "archive file {} of an interrupted purge holds rows that were deleted, and it is missing; restore it before purging again",
                    dir.join(file).display()
                )));
            }
        }
        let r = Recovered {
            run: run.clone(),
            files,
            dropped_bytes: dropped,
        };
        if dir.is_dir() {
            RunDir { path: dir }
                .write_summary(&serde_json::json!({ "run": run, "completed": false, "recovered": &r }))?;
        }
        audit(
            conn,
            actor,
            "retention.recovered",
            &run,
            serde_json::to_value(&r).unwrap_or_default(),
        )
        .await?;
        recovered.push(r);
    }
    Ok(recovered)
}

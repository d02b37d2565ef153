//! `retention plan`: for each policy, what a purge would remove now. Reads
//! only (ACCESS SHARE), in one REPEATABLE READ snapshot so the counts agree.

use std::collections::BTreeMap;

use sqlx::{AssertSqlSafe, Connection};
use time::OffsetDateTime;

use super::cascade;
use super::policy::Policy;
use crate::config::RetentionSettings;
use crate::db::Target;
use crate::error::{Error, Result};

#[derive(Debug, Clone, serde::Serialize)]
pub struct PolicyPlan {
    pub policy: &'static str,
    pub description: &'static str,
    pub table: &'static str,
    pub limit: i32,
    pub unit: &'static str,
    /// Rows of the policy's table that are due.
    pub rows_due: i64,
    /// Rows that go with them (what cascades from them), by table.
    pub dependent_rows: BTreeMap<String, i64>,
    /// The age column of the oldest due row.
    #[serde(with = "time::serde::rfc3339::option")]
    pub oldest: Option<OffsetDateTime>,
    /// At `rows_per_batch` rows a batch.
    pub estimated_batches: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanReport {
    #[serde(with = "time::serde::rfc3339")]
    pub as_of: OffsetDateTime,
    pub rows_per_batch: i64,
    pub policies: Vec<PolicyPlan>,
}

/// Rows a batch is assumed to take when `--batch-size` does not say.
const ESTIMATED_BATCH_ROWS: i64 = 2_000;

pub async fn plan(
    target: &Target,
    policies: &[&'static Policy],
    settings: &RetentionSettings,
    as_of: Option<OffsetDateTime>,
    batch_size: Option<u32>,
) -> Result<PlanReport> {
    let mut conn = target.connect("platformctl retention plan").await?;
    let as_of = super::as_of(&mut conn, as_of).await?;
    let mut tx = conn.begin().await.map_err(Error::db("cannot begin the plan"))?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await
        .map_err(Error::db("cannot begin the plan"))?;
    let graph = cascade::graph(&mut tx).await?;
    let rows_per_batch = batch_size.map_or(ESTIMATED_BATCH_ROWS, i64::from);
    let mut plans = Vec::new();
    for policy in policies {
        let limit = policy.limit_from(settings);
        let sql = format!(
            "SELECT count(*), min(t.{}) FROM {} WHERE {}",
            policy.age_column,
            policy.from_clause(),
            policy.due
        );
        let (rows_due, oldest): (i64, Option<OffsetDateTime>) = sqlx::query_as(AssertSqlSafe(sql))
            .bind(as_of)
            .bind(limit)
            .fetch_one(&mut *tx)
            .await
            .map_err(Error::db(format!(
                "cannot count the rows due under {}",
                policy.name
            )))?;
        let mut dependent_rows = BTreeMap::new();
        if rows_due > 0 {
            let roots = |column: &str| policy.due_rows(column);
            // A table reached by two paths (a workspace's sync status, through
            // its artifacts and its integrations) is counted once per row.
            let mut conditions: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for descendant in graph.descendants(policy.table) {
                conditions
                    .entry(descendant.table.clone())
                    .or_default()
                    .push(descendant.belongs_to(&roots));
            }
            for (table, conditions) in conditions {
                let sql = format!(
                    "SELECT count(*) FROM {table} t WHERE ({})",
                    conditions.join(") OR (")
                );
                let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
                    .bind(as_of)
                    .bind(limit)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(Error::db(format!(
                        "cannot count the {table} rows under {}",
                        policy.name
                    )))?;
                if n > 0 {
                    dependent_rows.insert(table, n);
                }
            }
        }
        let total = rows_due + dependent_rows.values().sum::<i64>();
        plans.push(PolicyPlan {
            policy: policy.name,
            description: policy.description,
            table: policy.table,
            limit,
            unit: policy.limit.unit,
            rows_due,
            dependent_rows,
            oldest,
            estimated_batches: (total + rows_per_batch - 1) / rows_per_batch,
        });
    }
    tx.rollback().await.map_err(Error::db("cannot end the plan"))?;
    Ok(PlanReport {
        as_of,
        rows_per_batch,
        policies: plans,
    })
}

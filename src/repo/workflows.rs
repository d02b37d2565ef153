//! The workflows repository: a workspace's agents, and its workflows of
//! ordered phases.

use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{classify, new_id};
use crate::error::{Error, Result};
use crate::model::workflow::{Agent, AgentKind, Phase, PhaseStatus, Workflow};

pub async fn create_agent(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    name: &str,
    kind: AgentKind,
    model: Option<&str>,
    instructions: Option<&str>,
) -> Result<Agent> {
    sqlx::query_as!(
        Agent,
        r#"INSERT INTO agents (id, workspace_id, name, kind, model, instructions) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, workspace_id, name, kind AS "kind: AgentKind", model, instructions, config, enabled, version"#,
        new_id(),
        workspace_id,
        name,
        kind as AgentKind,
        model,
        instructions,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("agent", e))
}

pub async fn agents(conn: &mut PgConnection, workspace_id: Uuid) -> Result<Vec<Agent>> {
    sqlx::query_as!(
        Agent,
        r#"SELECT id, workspace_id, name, kind AS "kind: AgentKind", model, instructions, config, enabled, version
           FROM agents WHERE workspace_id = $1 ORDER BY lower(name), id"#,
        workspace_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("agent", e))
}

/// Enables or disables an agent and changes its model, guarded by version.
pub async fn update_agent(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    enabled: Option<bool>,
    model: Option<&str>,
) -> Result<Agent> {
    match sqlx::query_as!(
        Agent,
        r#"UPDATE agents SET enabled = COALESCE($3, enabled), model = COALESCE($4, model)
           WHERE id = $1 AND version = $2
           RETURNING id, workspace_id, name, kind AS "kind: AgentKind", model, instructions, config, enabled, version"#,
        id,
        expected_version,
        enabled,
        model,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("agent", e))?
    {
        Some(row) => Ok(row),
        None => Err(AGENT.missed(conn, id, expected_version).await),
    }
}

/// Deletes an agent; its conversations, messages and phases keep their rows
/// with the agent unset.
pub async fn delete_agent(conn: &mut PgConnection, id: Uuid) -> Result<()> {
    let done = sqlx::query!("DELETE FROM agents WHERE id = $1", id)
        .execute(conn)
        .await
        .map_err(|e| classify("agent", e))?;
    if done.rows_affected() == 0 {
        return Err(super::not_found("agent", id));
    }
    Ok(())
}

pub async fn create_workflow(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    name: &str,
    description: Option<&str>,
    created_by: Option<Uuid>,
) -> Result<Workflow> {
    sqlx::query_as!(
        Workflow,
        "INSERT INTO workflows (id, workspace_id, name, description, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, workspace_id, name, description, status, definition, created_by, created_at, version",
        new_id(),
        workspace_id,
        name,
        description,
        created_by,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("workflow", e))
}

pub async fn workflows(conn: &mut PgConnection, workspace_id: Uuid) -> Result<Vec<Workflow>> {
    sqlx::query_as!(
        Workflow,
        "SELECT id, workspace_id, name, description, status, definition, created_by, created_at, version
         FROM workflows WHERE workspace_id = $1 ORDER BY created_at, id",
        workspace_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("workflow", e))
}

/// Moves a workflow to another status (draft, active, paused, completed, archived).
pub async fn set_workflow_status(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    status: &str,
) -> Result<Workflow> {
    match sqlx::query_as!(
        Workflow,
        "UPDATE workflows SET status = $3 WHERE id = $1 AND version = $2
         RETURNING id, workspace_id, name, description, status, definition, created_by, created_at, version",
        id,
        expected_version,
        status,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("workflow", e))?
    {
        Some(row) => Ok(row),
        None => Err(WORKFLOW.missed(conn, id, expected_version).await),
    }
}

pub async fn delete_workflow(conn: &mut PgConnection, id: Uuid) -> Result<()> {
    let done = sqlx::query!("DELETE FROM workflows WHERE id = $1", id)
        .execute(conn)
        .await
        .map_err(|e| classify("workflow", e))?;
    if done.rows_affected() == 0 {
        return Err(super::not_found("workflow", id));
    }
    Ok(())
}

/// Appends a phase at the end of the workflow.
pub async fn add_phase(
    conn: &mut PgConnection,
    workflow_id: Uuid,
    name: &str,
    agent_id: Option<Uuid>,
) -> Result<Phase> {
    sqlx::query_as!(
        Phase,
        r#"INSERT INTO phases (id, workflow_id, name, agent_id, position)
           SELECT $1, $2, $3, $4, coalesce(max(position) + 1, 0) FROM phases WHERE workflow_id = $2
           RETURNING id, workflow_id, agent_id, name, position, status AS "status: PhaseStatus",
                     started_at, completed_at, version"#,
        new_id(),
        workflow_id,
        name,
        agent_id,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("phase", e))
}

pub async fn phases(conn: &mut PgConnection, workflow_id: Uuid) -> Result<Vec<Phase>> {
    sqlx::query_as!(
        Phase,
        r#"SELECT id, workflow_id, agent_id, name, position, status AS "status: PhaseStatus",
                  started_at, completed_at, version
           FROM phases WHERE workflow_id = $1 ORDER BY position"#,
        workflow_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("phase", e))
}

/// Puts the workflow's phases in the given order, in one statement (the
/// position constraint is checked when the statement ends, so positions can
/// be swapped). `ordered` must name every phase of the workflow exactly once.
pub async fn reorder_phases(
    conn: &mut PgConnection,
    workflow_id: Uuid,
    ordered: &[Uuid],
) -> Result<Vec<Phase>> {
    let current: Vec<Uuid> = phases(conn, workflow_id).await?.iter().map(|p| p.id).collect();
    let mut given = ordered.to_vec();
    given.sort();
    let mut expected = current.clone();
    expected.sort();
    if given != expected {
        return Err(Error::InvalidValue {
            entity: "phase order",
            constraint: None,
            message: format!(
                "the new order must name each of the workflow's {} phases exactly once",
                current.len()
            ),
        });
    }
    sqlx::query!(
        "UPDATE phases p SET position = o.position - 1
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
         WHERE p.id = o.id AND p.workflow_id = $1",
        workflow_id,
        ordered,
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| classify("phase", e))?;
    phases(conn, workflow_id).await
}

/// Moves a phase to a status; starting sets `started_at`, finishing sets `completed_at`.
pub async fn set_phase_status(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    status: PhaseStatus,
) -> Result<Phase> {
    match sqlx::query_as!(
        Phase,
        r#"UPDATE phases SET status = $3,
               started_at = CASE WHEN $3 = 'in_progress' THEN coalesce(started_at, now()) ELSE started_at END,
               completed_at = CASE WHEN $3 IN ('completed', 'skipped', 'failed') THEN now() ELSE NULL END
           WHERE id = $1 AND version = $2
           RETURNING id, workflow_id, agent_id, name, position, status AS "status: PhaseStatus",
                     started_at, completed_at, version"#,
        id,
        expected_version,
        status as PhaseStatus,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("phase", e))?
    {
        Some(row) => Ok(row),
        None => Err(PHASE.missed(conn, id, expected_version).await),
    }
}

const AGENT: super::Guarded = super::Guarded {
    entity: "agent",
    table: "agents",
    key: "id",
    soft_delete: false,
};

const WORKFLOW: super::Guarded = super::Guarded {
    entity: "workflow",
    table: "workflows",
    key: "id",
    soft_delete: false,
};

const PHASE: super::Guarded = super::Guarded {
    entity: "phase",
    table: "phases",
    key: "id",
    soft_delete: false,
};

//! The generated tables: for each, its COPY column list, its unit (the
//! entity a chunk is counted in: a user, a conversation...), and the
//! function that writes the rows of one unit.
//!
//! Tables are listed in load order: a table's parents come in an earlier
//! stage, so a chunk never refers to a row not yet committed.

use sha2::{Digest, Sha256};

use super::copy_row::Row;
use super::plan::{AGENTS, Plan, v7};
use super::rng::Kind;
use super::text;

/// Reused text buffers, one set per worker.
#[derive(Default)]
pub struct Scratch {
    pub a: String,
    pub b: String,
}

pub struct Table {
    pub name: &'static str,
    /// The stage it loads in; stages run one after the other.
    pub stage: u8,
    pub columns: &'static str,
    /// How many units the table has.
    pub units: fn(&Plan) -> u64,
    /// Units per chunk: about 20 thousand rows.
    pub chunk: u64,
    /// Writes the rows of one unit; returns how many.
    pub write: fn(&Plan, u64, &mut Scratch, &mut Vec<u8>) -> u64,
}

pub const TABLES: &[Table] = &[
    Table {
        name: "users",
        stage: 0,
        columns: "id, email, display_name, role, status, preferences, last_login_at, created_at, updated_at, deleted_at",
        units: |p| p.sizes.users,
        chunk: 20_000,
        write: users,
    },
    Table {
        name: "organizations",
        stage: 0,
        columns: "id, name, description, member_count, created_at, updated_at",
        units: |p| p.organizations,
        chunk: 20_000,
        write: organizations,
    },
    Table {
        name: "user_profiles",
        stage: 1,
        columns: "user_id, job_title, company, timezone, locale, bio, created_at, updated_at",
        units: |p| p.sizes.users,
        chunk: 20_000,
        write: user_profiles,
    },
    Table {
        name: "repositories",
        stage: 1,
        columns: "id, organization_id, name, description, language, stars, forks, open_issues, created_at, updated_at",
        units: |p| p.sizes.workspaces,
        chunk: 20_000,
        write: repositories,
    },
    Table {
        name: "workspaces",
        stage: 1,
        columns: "id, slug, name, description, owner_id, organization_id, github_repo_url, created_at, updated_at, deleted_at",
        units: |p| p.sizes.workspaces,
        chunk: 20_000,
        write: workspaces,
    },
    Table {
        name: "workspace_members",
        stage: 2,
        columns: "workspace_id, user_id, role, joined_at, invited_by, updated_at",
        units: |p| p.sizes.workspaces,
        chunk: 4_000,
        write: workspace_members,
    },
    Table {
        name: "workspace_settings",
        stage: 2,
        columns: "workspace_id, chat_retention_days, artifact_versions_to_keep, visibility, created_at, updated_at",
        units: |p| p.sizes.workspaces,
        chunk: 20_000,
        write: workspace_settings,
    },
    Table {
        name: "agents",
        stage: 2,
        columns: "id, workspace_id, name, kind, model, config, created_at, updated_at",
        units: |p| p.sizes.workspaces,
        chunk: 7_000,
        write: agents,
    },
    Table {
        name: "external_connections",
        stage: 2,
        columns: "id, workspace_id, service, name, config, status, created_at, updated_at",
        units: |p| p.sizes.workspaces,
        chunk: 20_000,
        write: external_connections,
    },
    Table {
        name: "activities",
        stage: 2,
        columns: "id, user_id, repository_id, type, occurred_at, data, created_at",
        units: |p| p.sizes.users,
        chunk: 1_000,
        write: activities,
    },
    Table {
        name: "audit_logs",
        stage: 2,
        columns: "id, occurred_at, actor, action, entity_type, entity_id, outcome, details, request_id",
        units: |p| p.sizes.users * 5,
        chunk: 20_000,
        write: audit_logs,
    },
    Table {
        name: "conversations",
        stage: 3,
        columns: "id, workspace_id, title, agent_id, created_by, last_message_at, created_at, updated_at",
        units: |p| p.conversations,
        chunk: 20_000,
        write: conversations,
    },
    Table {
        name: "artifacts",
        stage: 3,
        columns: "id, workspace_id, name, type, file_path, status, github_sync_status, current_version, created_by, created_at, updated_at",
        units: |p| p.sizes.artifacts,
        chunk: 20_000,
        write: artifacts,
    },
    Table {
        name: "workspace_integrations",
        stage: 3,
        columns: "id, workspace_id, connection_id, status, created_at, updated_at",
        units: |p| p.sizes.workspaces,
        chunk: 20_000,
        write: workspace_integrations,
    },
    Table {
        name: "messages",
        stage: 4,
        columns: "id, conversation_id, role, author_id, agent_id, content, metadata, token_count, created_at",
        units: |p| p.conversations,
        chunk: 500,
        write: messages,
    },
    Table {
        name: "artifact_versions",
        stage: 4,
        columns: "id, artifact_id, version_number, content, content_sha256, size_bytes, commit_sha, change_summary, created_by, created_at",
        units: |p| p.sizes.artifacts,
        chunk: 2_000,
        write: artifact_versions,
    },
    Table {
        name: "sync_logs",
        stage: 4,
        columns: "id, workspace_id, connection_id, artifact_id, operation, service, status, details, error_message, created_at, finished_at",
        units: |p| p.sizes.artifacts,
        chunk: 5_000,
        write: sync_logs,
    },
];

const DAY: i64 = 86_400_000_000;

fn users(plan: &Plan, i: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut user = plan.user(i);
    let rng = &mut user.rng;
    let email = format!(
        "{}.{}.{i}@{}",
        user.first.to_lowercase(),
        user.last.to_lowercase(),
        plan.email_domain()
    );
    let role = match rng.below(100) {
        0..=1 => "admin",
        2..=11 => "readonly",
        _ => "user",
    };
    let status = if rng.chance(3) { "disabled" } else { "active" };
    let preferences = *rng.pick(&[
        r#"{}"#,
        r#"{"theme": "dark"}"#,
        r#"{"theme": "light", "density": "compact"}"#,
    ]);
    let last_login = rng.chance(80).then(|| plan.time_after(rng, user.created));
    let deleted = rng.chance(1).then(|| plan.time_after(rng, user.created));
    Row::new(buf)
        .uuid(user.id)
        .text(&email)
        .text(&format!("{} {}", user.first, user.last))
        .text(role)
        .text(status)
        .text(preferences)
        .opt_timestamp(last_login)
        .timestamp(user.created)
        .timestamp(last_login.unwrap_or(user.created))
        .opt_timestamp(deleted)
        .end();
    1
}

fn organizations(plan: &Plan, o: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut rng = plan.rng(Kind::Organization, o);
    let created = plan.end - super::plan::SPAN_MICROS - rng.below((DAY * 365) as u64) as i64;
    let id = v7(created, &mut rng);
    debug_assert_eq!(id, plan.organization_id(o));
    text::prose(&mut rng, 80, &mut scratch.a);
    Row::new(buf)
        .uuid(id)
        .text(&format!("{}org-{o}", plan.prefix()))
        .text(&scratch.a)
        .int(rng.range(3, 500) as i64)
        .timestamp(created)
        .timestamp(created)
        .end();
    1
}

fn user_profiles(plan: &Plan, i: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut user = plan.user(i);
    let mut rng = plan.rng(Kind::User, i + (1 << 40));
    let rng = &mut rng;
    let title = *rng.pick(&[
        "Engineer",
        "Senior engineer",
        "Staff engineer",
        "Product manager",
        "Designer",
        "QA engineer",
        "Architect",
        "Engineering manager",
    ]);
    let timezone = *rng.pick(&[
        "UTC",
        "Europe/Berlin",
        "Europe/London",
        "America/New_York",
        "America/Sao_Paulo",
        "Asia/Tokyo",
        "Asia/Kolkata",
        "Africa/Lagos",
        "Australia/Sydney",
    ]);
    let locale = *rng.pick(&["en", "en-GB", "de-DE", "fr-FR", "pt-BR", "ja-JP", "hi-IN"]);
    let bio = rng.chance(40).then(|| {
        text::prose(&mut user.rng, 120, &mut scratch.a);
        scratch.a.as_str()
    });
    Row::new(buf)
        .uuid(user.id)
        .text(title)
        .text(&format!("{} & Co", user.last))
        .text(timezone)
        .text(locale)
        .opt_text(bio)
        .timestamp(user.created)
        .timestamp(user.created)
        .end();
    1
}

fn repositories(plan: &Plan, r: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut rng = plan.rng(Kind::Repository, r);
    let created = plan.end - super::plan::SPAN_MICROS - rng.below((DAY * 30) as u64) as i64;
    let id = v7(created, &mut rng);
    text::prose(&mut rng, 60, &mut scratch.a);
    let language = *rng.pick(&["Rust", "TypeScript", "Go", "Python", "Kotlin", "Java"]);
    Row::new(buf)
        .uuid(id)
        .uuid(plan.organization_id(r % plan.organizations))
        .text(&format!("repo-{r}"))
        .text(&scratch.a)
        .text(language)
        .int(rng.skewed(40, 50_000) as i64)
        .int(rng.below(200) as i64)
        .int(rng.below(80) as i64)
        .timestamp(created)
        .timestamp(created)
        .end();
    1
}

fn workspaces(plan: &Plan, w: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut ws = plan.workspace(w);
    let rng = &mut ws.rng;
    text::title(rng, 3, &mut scratch.a);
    text::prose(rng, 100, &mut scratch.b);
    let deleted = rng.chance(2).then(|| plan.time_after(rng, ws.created));
    Row::new(buf)
        .uuid(ws.id)
        .text(&format!("{}{w}", plan.prefix()))
        .text(&scratch.a)
        .text(&scratch.b)
        .uuid(ws.owner)
        .uuid(plan.organization_id(ws.organization))
        .text(&format!(
            "https://github.com/{}org-{}/repo-{w}",
            plan.prefix(),
            ws.organization
        ))
        .timestamp(ws.created)
        .timestamp(ws.created)
        .opt_timestamp(deleted)
        .end();
    1
}

fn workspace_members(plan: &Plan, w: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let ws = plan.workspace(w);
    let mut rng = plan.rng(Kind::Workspace, w + (1 << 40));
    let count = plan.members_per_workspace();
    for k in 0..count {
        let role = match k {
            0 => "owner",
            1 => "admin",
            _ if rng.chance(20) => "viewer",
            _ => "member",
        };
        let joined = plan.time_after(&mut rng, ws.created);
        let mut row = Row::new(buf);
        row.uuid(ws.id).uuid(plan.user(plan.member(w, k)).id).text(role);
        if k == 0 {
            row.timestamp(ws.created).null().timestamp(ws.created);
        } else {
            row.timestamp(joined).uuid(ws.owner).timestamp(joined);
        }
        row.end();
    }
    count
}

fn workspace_settings(plan: &Plan, w: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let ws = plan.workspace(w);
    let mut rng = plan.rng(Kind::Workspace, w + (2 << 40));
    let mut row = Row::new(buf);
    row.uuid(ws.id);
    match rng.below(4) {
        0 => row.null(),
        n => row.int([30, 90, 365][n as usize - 1]),
    };
    match rng.below(3) {
        0 => row.null(),
        n => row.int([5, 10][n as usize - 1]),
    };
    row.text(if rng.chance(30) { "organization" } else { "private" })
        .timestamp(ws.created)
        .timestamp(ws.created)
        .end();
    1
}

const AGENT_KINDS: [(&str, &str); AGENTS as usize] = [
    ("Analyst", "analyst"),
    ("Architect", "architect"),
    ("Developer", "developer"),
];

fn agents(plan: &Plan, w: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let ws = plan.workspace(w);
    for (a, (name, kind)) in AGENT_KINDS.iter().enumerate() {
        Row::new(buf)
            .uuid(plan.agent_id(w, a as u64))
            .uuid(ws.id)
            .text(name)
            .text(kind)
            .text(["gpt-4o", "claude-sonnet", "gpt-4o-mini"][a])
            .text(r#"{"temperature": 0.2}"#)
            .timestamp(ws.created)
            .timestamp(ws.created)
            .end();
    }
    AGENTS
}

fn external_connections(plan: &Plan, w: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let ws = plan.workspace(w);
    Row::new(buf)
        .uuid(plan.connection_id(w))
        .uuid(ws.id)
        .text("github")
        .text(&format!("repo-{w}"))
        .text(&format!(
            r#"{{"owner": "{}org-{}", "repository": "repo-{w}", "branch": "main"}}"#,
            plan.prefix(),
            ws.organization
        ))
        .text("active")
        .timestamp(ws.created)
        .timestamp(ws.created)
        .end();
    1
}

fn activities(plan: &Plan, i: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let user = plan.user(i);
    let mut rng = plan.rng(Kind::Activity, i);
    let count = rng.skewed(10, 200);
    const TYPES: &[&str] = &[
        "push",
        "commit",
        "pull_request",
        "review",
        "issue",
        "comment",
        "release",
        "fork",
        "star",
    ];
    for _ in 0..count {
        let at = plan.time_after(&mut rng, user.created);
        let kind = *rng.pick(TYPES);
        let repo = rng.below(plan.sizes.workspaces);
        Row::new(buf)
            .uuid(v7(at, &mut rng))
            .uuid(user.id)
            .uuid(plan.repository_id(repo))
            .text(kind)
            .timestamp(at)
            .text(&format!(r#"{{"count": {}}}"#, rng.range(1, 12)))
            .timestamp(at)
            .end();
    }
    count
}

fn audit_logs(plan: &Plan, k: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut rng = plan.rng(Kind::AuditLog, k);
    let at = plan.time_in_span(&mut rng);
    let actor = plan.user(rng.below(plan.sizes.users)).id;
    let (action, entity) = *rng.pick(&[
        ("user.login", "user"),
        ("workspace.update", "workspace"),
        ("workspace.member_add", "workspace"),
        ("artifact.publish", "artifact"),
        ("token.issue", "token"),
        ("token.revoke", "token"),
        ("connection.update", "connection"),
    ]);
    let outcome = match rng.below(100) {
        0..=1 => "denied",
        2..=4 => "failure",
        _ => "success",
    };
    Row::new(buf)
        .uuid(v7(at, &mut rng))
        .timestamp(at)
        .text(&format!("user:{actor}"))
        .text(action)
        .text(entity)
        .text(&v7(at, &mut rng).to_string())
        .text(outcome)
        .text("{}")
        .text(&format!("{}{k}", plan.prefix()))
        .end();
    1
}

fn conversations(plan: &Plan, c: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut conversation = plan.conversation(c);
    let w = conversation.workspace;
    let rng = &mut conversation.rng;
    let words = rng.range(2, 6);
    text::title(rng, words, &mut scratch.a);
    let agent = plan.agent_id(w, rng.below(AGENTS));
    let author = plan
        .user(plan.member(w, rng.below(plan.members_per_workspace())))
        .id;
    let count = conversation.messages.end - conversation.messages.start;
    let last = (count > 0).then(|| {
        plan.message_time(&conversation, count - 1, conversation.messages.end - 1)
            .0
    });
    Row::new(buf)
        .uuid(conversation.id)
        .uuid(plan.workspace(w).id)
        .text(&scratch.a)
        .uuid(agent)
        .uuid(author)
        .opt_timestamp(last)
        .timestamp(conversation.created)
        .timestamp(last.unwrap_or(conversation.created))
        .end();
    1
}

fn messages(plan: &Plan, c: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let conversation = plan.conversation(c);
    let w = conversation.workspace;
    let members = plan.members_per_workspace();
    for (position, j) in conversation.messages.clone().enumerate() {
        let (at, mut rng) = plan.message_time(&conversation, position as u64, j);
        let id = v7(at, &mut rng);
        let role = match (position % 2, rng.below(100)) {
            (_, 0) => "system",
            (_, 1..=2) => "tool",
            (0, _) => "user",
            _ => "assistant",
        };
        let length = rng.skewed(240, 12_000) as usize;
        text::prose(&mut rng, length, &mut scratch.a);
        let mut row = Row::new(buf);
        row.uuid(id).uuid(conversation.id).text(role);
        if role == "user" {
            row.uuid(plan.user(plan.member(w, rng.below(members))).id).null();
        } else {
            row.null().uuid(plan.agent_id(w, rng.below(AGENTS)));
        }
        row.text(&scratch.a);
        if role == "assistant" {
            row.text(&format!(
                r#"{{"model": "gpt-4o", "latency_ms": {}}}"#,
                rng.range(300, 9_000)
            ))
            .int((length / 4) as i64);
        } else {
            row.text("{}").null();
        }
        row.timestamp(at).end();
    }
    conversation.messages.end - conversation.messages.start
}

fn artifacts(plan: &Plan, a: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let mut artifact = plan.artifact(a);
    let w = artifact.workspace;
    let rng = &mut artifact.rng;
    const TYPES: &[&str] = &[
        "prd",
        "architecture",
        "user_story",
        "epic",
        "tech_spec",
        "test_plan",
        "design",
        "other",
    ];
    let kind = *rng.pick(TYPES);
    let words = rng.range(2, 5);
    text::title(rng, words, &mut scratch.a);
    let status = *rng.pick(&["draft", "in_review", "approved", "published", "archived"]);
    let sync = *rng.pick(&["pending", "synced", "synced", "synced", "failed"]);
    let author = plan
        .user(plan.member(w, rng.below(plan.members_per_workspace())))
        .id;
    let updated = artifact.created + artifact.versions as i64 * DAY;
    Row::new(buf)
        .uuid(artifact.id)
        .uuid(plan.workspace(w).id)
        .text(&scratch.a)
        .text(kind)
        .text(&format!("docs/{kind}/{a}.md"))
        .text(status)
        .text(sync)
        .int(artifact.versions as i64)
        .uuid(author)
        .timestamp(artifact.created)
        .timestamp(updated.min(plan.end))
        .end();
    1
}

fn workspace_integrations(plan: &Plan, w: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let ws = plan.workspace(w);
    let mut rng = plan.rng(Kind::Connection, w + (1 << 40));
    Row::new(buf)
        .uuid(v7(ws.created, &mut rng))
        .uuid(ws.id)
        .uuid(plan.connection_id(w))
        .text("active")
        .timestamp(ws.created)
        .timestamp(ws.created)
        .end();
    1
}

fn artifact_versions(plan: &Plan, a: u64, scratch: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let artifact = plan.artifact(a);
    let members = plan.members_per_workspace();
    for v in 1..=artifact.versions {
        let mut rng = plan.rng(Kind::ArtifactVersion, (a << 8) | v);
        let at = (artifact.created + (v as i64 - 1) * DAY + rng.below(DAY as u64) as i64).min(plan.end);
        let length = rng.skewed(1_500, 40_000) as usize;
        text::prose(&mut rng, length, &mut scratch.a);
        let sha = Sha256::digest(scratch.a.as_bytes());
        let commit = format!(
            "{:016x}{:016x}{:08x}",
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64() as u32
        );
        text::title(&mut rng, 4, &mut scratch.b);
        Row::new(buf)
            .uuid(v7(at, &mut rng))
            .uuid(artifact.id)
            .int(v as i64)
            .text(&scratch.a)
            .bytes(&sha)
            .int(scratch.a.len() as i64)
            .text(&commit)
            .text(&scratch.b)
            .uuid(plan.user(plan.member(artifact.workspace, rng.below(members))).id)
            .timestamp(at)
            .end();
    }
    artifact.versions
}

fn sync_logs(plan: &Plan, a: u64, _: &mut Scratch, buf: &mut Vec<u8>) -> u64 {
    let artifact = plan.artifact(a);
    let mut rng = plan.rng(Kind::SyncLog, a);
    let count = rng.below(5);
    let workspace = plan.workspace(artifact.workspace).id;
    let connection = plan.connection_id(artifact.workspace);
    for _ in 0..count {
        let at = plan.time_after(&mut rng, artifact.created);
        let operation = *rng.pick(&["save", "publish", "sync_from_git", "sync_to_git", "webhook"]);
        let status = match rng.below(100) {
            0..=6 => "failed",
            7..=9 => "pending",
            _ => "success",
        };
        let mut row = Row::new(buf);
        row.uuid(v7(at, &mut rng))
            .uuid(workspace)
            .uuid(connection)
            .uuid(artifact.id)
            .text(operation)
            .text("github")
            .text(status)
            .text("{}");
        if status == "failed" {
            row.text("GitHub answered 502 Bad Gateway; will retry");
        } else {
            row.null();
        }
        row.timestamp(at);
        if status == "pending" {
            row.null();
        } else {
            row.timestamp(at + rng.range(200_000, 30_000_000) as i64);
        }
        row.end();
    }
    count
}

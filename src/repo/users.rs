//! The users repository.

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{Cursor, KeysetPage, Page, PageRequest, classify, new_id};
use crate::error::{Error, Result};
use crate::model::user::{Identity, NewIdentity, Profile, Provider, ProviderTokens};
use crate::model::{NewUser, Role, User, UserChanges, UserStatus};

const ENTITY: &str = "user";

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Part of the email or display name, matched literally, case-insensitively.
    pub search: Option<String>,
    pub include_deleted: bool,
    /// Only deleted users (implies including them).
    pub only_deleted: bool,
}

/// The columns a list may be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserSort {
    #[default]
    CreatedAt,
    Email,
    DisplayName,
}

impl UserSort {
    fn column(self) -> &'static str {
        match self {
            UserSort::CreatedAt => "created_at",
            UserSort::Email => "lower(email)",
            UserSort::DisplayName => "lower(display_name)",
        }
    }
}

/// The columns of [`User`], in the order `query_as!` and `list` read them.
const COLUMNS: &str = "id, email, display_name, role, status, preferences, password_hash IS NOT NULL AS has_password, \
                       last_login_at, created_at, updated_at, deleted_at, version";

pub async fn create(conn: &mut PgConnection, new: &NewUser) -> Result<User> {
    sqlx::query_as!(
        User,
        r#"INSERT INTO users (id, email, display_name, role, password_hash, preferences)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        new_id(),
        new.email,
        new.display_name,
        new.role as Role,
        new.password_hash,
        new.preferences,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// A live (not deleted) user.
pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<User> {
    find(conn, id)
        .await?
        .filter(|u| u.deleted_at.is_none())
        .ok_or_else(|| GUARD.not_found(id))
}

/// A user, deleted or not.
pub async fn find(conn: &mut PgConnection, id: Uuid) -> Result<Option<User>> {
    sqlx::query_as!(
        User,
        r#"SELECT id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                  preferences, password_hash IS NOT NULL AS "has_password!",
                  last_login_at, created_at, updated_at, deleted_at, version
           FROM users WHERE id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// The live user with this email, compared case-insensitively.
pub async fn find_by_email(conn: &mut PgConnection, email: &str) -> Result<Option<User>> {
    sqlx::query_as!(
        User,
        r#"SELECT id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                  preferences, password_hash IS NOT NULL AS "has_password!",
                  last_login_at, created_at, updated_at, deleted_at, version
           FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL"#,
        email
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// The live user with this email, with their password hash (None without
/// one), in one round trip: what a sign-in checks.
pub async fn find_by_email_with_hash(
    conn: &mut PgConnection,
    email: &str,
) -> Result<Option<(User, Option<String>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: User,
        password_hash: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, email, display_name, role, status, preferences,
                password_hash IS NOT NULL AS has_password, password_hash,
                last_login_at, created_at, updated_at, deleted_at, version
         FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL",
    )
    .bind(email)
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    Ok(row.map(|r| (r.user, r.password_hash)))
}

/// The user deleted last among those with this email (case-insensitively).
pub async fn find_deleted_by_email(conn: &mut PgConnection, email: &str) -> Result<Option<User>> {
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE lower(email) = lower($1) AND deleted_at IS NOT NULL
         ORDER BY deleted_at DESC LIMIT 1"
    )))
    .bind(email)
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// The user a person names: an email address (any case; live users only)
/// or a user id. "Not found" says how to name one.
pub async fn lookup(conn: &mut PgConnection, spec: &str) -> Result<User> {
    let found = match spec.parse::<Uuid>() {
        Ok(id) => find(conn, id).await?,
        Err(_) => find_by_email(conn, spec).await?,
    };
    found.ok_or_else(|| Error::NotFound {
        entity: "user",
        key: format!("{spec} (give an email address or a user id; `platformctl user list` shows them)"),
    })
}

/// Like [`lookup`], but a deleted user counts too (the live one with the
/// email first, else the last one deleted), for changes that must say
/// "deleted" rather than "no such user".
pub async fn lookup_any(conn: &mut PgConnection, spec: &str) -> Result<User> {
    if let Ok(id) = spec.parse::<Uuid>()
        && let Some(user) = find(conn, id).await?
    {
        return Ok(user);
    }
    if let Some(user) = find_by_email(conn, spec).await? {
        return Ok(user);
    }
    match find_deleted_by_email(conn, spec).await? {
        Some(user) => Ok(user),
        None => lookup(conn, spec).await,
    }
}

/// Records a successful sign-in (`last_login_at`; the row's trigger bumps
/// its version, as for any change).
pub async fn record_login(conn: &mut PgConnection, id: Uuid) -> Result<()> {
    sqlx::query("UPDATE users SET last_login_at = now() WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map_err(Error::db("cannot record a sign-in"))?;
    Ok(())
}

/// The names of the roles granted to a user on top of their primary role.
pub async fn granted_roles(conn: &mut PgConnection, id: Uuid) -> Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name",
    )
    .bind(id)
    .fetch_all(conn)
    .await
    .map_err(Error::db("cannot read a user's roles"))
}

/// Applies `changes` if the user is still at `expected_version`.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    changes: &UserChanges,
) -> Result<User> {
    let updated = sqlx::query_as!(
        User,
        r#"UPDATE users SET
               display_name = COALESCE($3, display_name),
               role = COALESCE($4, role),
               status = COALESCE($5, status),
               preferences = COALESCE($6, preferences)
           WHERE id = $1 AND version = $2 AND deleted_at IS NULL
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        id,
        expected_version,
        changes.display_name,
        changes.role as Option<Role>,
        changes.status as Option<UserStatus>,
        changes.preferences,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match updated {
        Some(user) => Ok(user),
        None => Err(GUARD.missed(conn, id, expected_version).await),
    }
}

/// Marks the user deleted (at `expected_version`); their email can then be reused.
pub async fn soft_delete(conn: &mut PgConnection, id: Uuid, expected_version: i64) -> Result<User> {
    let deleted = sqlx::query_as!(
        User,
        r#"UPDATE users SET deleted_at = now()
           WHERE id = $1 AND version = $2 AND deleted_at IS NULL
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        id,
        expected_version,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match deleted {
        Some(user) => Ok(user),
        None => Err(GUARD.missed(conn, id, expected_version).await),
    }
}

/// Brings a deleted user back; a conflict when a live user took the email meanwhile.
pub async fn restore(conn: &mut PgConnection, id: Uuid) -> Result<User> {
    sqlx::query_as!(
        User,
        r#"UPDATE users SET deleted_at = NULL
           WHERE id = $1 AND deleted_at IS NOT NULL
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        id,
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| Error::NotFound {
        entity: "deleted user",
        key: id.to_string(),
    })
}

/// The stored password hash (PHC string) of a live user, for checking a password.
pub async fn password_hash(conn: &mut PgConnection, id: Uuid) -> Result<Option<String>> {
    let row = sqlx::query_scalar!(
        "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    row.ok_or_else(|| GUARD.not_found(id))
}

/// A page of users, sorted by a known column (ties broken by id).
pub async fn list(
    conn: &mut PgConnection,
    filter: &UserFilter,
    sort: UserSort,
    descending: bool,
    page: PageRequest,
) -> Result<Page<User>> {
    LISTING
        .page(
            conn,
            |q| push_filter(q, filter),
            &super::order_by(sort.column(), descending),
            page,
        )
        .await
}

/// Users in creation order after `after`, for walking large lists.
pub async fn list_after(
    conn: &mut PgConnection,
    filter: &UserFilter,
    after: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<User>> {
    let limit = limit.clamp(1, super::MAX_PAGE_SIZE);
    let mut rows = QueryBuilder::<Postgres>::new(format!("SELECT {COLUMNS} FROM users WHERE true"));
    push_filter(&mut rows, filter);
    if let Some(c) = after {
        rows.push(" AND (created_at, id) > (")
            .push_bind(c.at)
            .push(", ")
            .push_bind(c.id)
            .push(")");
    }
    rows.push(" ORDER BY created_at, id LIMIT ")
        .push_bind(i64::from(limit));
    let data: Vec<User> = rows
        .build_query_as::<User>()
        .fetch_all(conn)
        .await
        .map_err(|e| classify(ENTITY, e))?;
    let next_cursor = (data.len() == limit as usize)
        .then(|| {
            data.last().map(|u| {
                Cursor {
                    at: u.created_at,
                    id: u.id,
                }
                .to_string()
            })
        })
        .flatten();
    Ok(KeysetPage { data, next_cursor })
}

fn push_filter(q: &mut QueryBuilder<Postgres>, filter: &UserFilter) {
    if filter.only_deleted {
        q.push(" AND deleted_at IS NOT NULL");
    } else {
        super::push_live(q, filter.include_deleted);
    }
    if let Some(role) = filter.role {
        q.push(" AND role = ").push_bind(role);
    }
    if let Some(status) = filter.status {
        q.push(" AND status = ").push_bind(status);
    }
    super::push_search(q, &["email", "display_name"], filter.search.as_deref());
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: COLUMNS,
    from: "users",
};

const ACCESS_TOKEN: &str = "user_identities.access_token";
const REFRESH_TOKEN: &str = "user_identities.refresh_token";

/// Links a GitHub or Azure account to a user, or updates the link (username,
/// tokens) when it exists; the tokens are sealed for this row.
pub async fn link_identity(
    conn: &mut PgConnection,
    keyring: &crate::crypto::Keyring,
    new: &NewIdentity<'_>,
) -> Result<Identity> {
    let provider = new.provider;
    // The row id must be known to seal for it: reuse the existing link's.
    let existing = sqlx::query_scalar!(
        "SELECT id FROM user_identities WHERE provider = $1 AND provider_user_id = $2",
        provider as Provider,
        new.provider_user_id
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("identity", e))?;
    let id = existing.unwrap_or_else(new_id);
    let seal = |value: Option<&[u8]>, name: &str| {
        value
            .map(|v| keyring.seal(v, &crate::secrets::context(name, id)))
            .transpose()
    };
    let access = seal(new.access_token, ACCESS_TOKEN)?;
    let refresh = seal(new.refresh_token, REFRESH_TOKEN)?;
    let key_id = access.as_ref().or(refresh.as_ref()).map(|s| s.key_id.clone());
    sqlx::query_as!(
        Identity,
        r#"INSERT INTO user_identities (id, user_id, provider, provider_user_id, username,
                                       access_token_encrypted, refresh_token_encrypted, token_key_id, token_expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (provider, provider_user_id) DO UPDATE SET
               username = EXCLUDED.username,
               access_token_encrypted = EXCLUDED.access_token_encrypted,
               refresh_token_encrypted = EXCLUDED.refresh_token_encrypted,
               token_key_id = EXCLUDED.token_key_id,
               token_expires_at = EXCLUDED.token_expires_at
           WHERE user_identities.user_id = EXCLUDED.user_id
           RETURNING id, user_id, provider AS "provider: Provider", provider_user_id, username,
                     (access_token_encrypted IS NOT NULL OR refresh_token_encrypted IS NOT NULL) AS "has_tokens!",
                     token_key_id, token_expires_at, version"#,
        id,
        new.user_id,
        provider as Provider,
        new.provider_user_id,
        new.username,
        access.map(|s| s.bytes),
        refresh.map(|s| s.bytes),
        key_id,
        new.token_expires_at,
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("identity", e))?
    .ok_or_else(|| Error::Conflict {
        entity: "identity",
        constraint: "user_identities_provider_provider_user_id_key".to_owned(),
        message: format!("{} account {} is already linked to another user", provider_name(provider), new.provider_user_id),
    })
}

pub async fn identities(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Identity>> {
    sqlx::query_as!(
        Identity,
        r#"SELECT id, user_id, provider AS "provider: Provider", provider_user_id, username,
                  (access_token_encrypted IS NOT NULL OR refresh_token_encrypted IS NOT NULL) AS "has_tokens!",
                  token_key_id, token_expires_at, version
           FROM user_identities WHERE user_id = $1 ORDER BY provider"#,
        user_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("identity", e))
}

/// The user with this provider account, if any (sign-in through the provider).
pub async fn find_by_identity(
    conn: &mut PgConnection,
    provider: Provider,
    provider_user_id: &str,
) -> Result<Option<User>> {
    let user_id = sqlx::query_scalar!(
        "SELECT user_id FROM user_identities WHERE provider = $1 AND provider_user_id = $2",
        provider as Provider,
        provider_user_id
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("identity", e))?;
    match user_id {
        Some(id) => Ok(find(conn, id).await?.filter(|u| u.deleted_at.is_none())),
        None => Ok(None),
    }
}

/// The provider tokens of an identity, decrypted.
pub async fn identity_tokens(
    conn: &mut PgConnection,
    keyring: &crate::crypto::Keyring,
    identity_id: Uuid,
) -> Result<ProviderTokens> {
    let row = sqlx::query!(
        "SELECT access_token_encrypted, refresh_token_encrypted, token_key_id FROM user_identities WHERE id = $1",
        identity_id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("identity", e))?
    .ok_or_else(|| Error::NotFound {
        entity: "identity",
        key: identity_id.to_string(),
    })?;
    let open = |bytes: Option<Vec<u8>>, name: &str| -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        match (bytes, row.token_key_id.as_deref()) {
            (Some(b), Some(key)) => Ok(Some(keyring.open(
                key,
                &b,
                &crate::secrets::context(name, identity_id),
            )?)),
            _ => Ok(None),
        }
    };
    Ok(ProviderTokens {
        access_token: open(row.access_token_encrypted.clone(), ACCESS_TOKEN)?,
        refresh_token: open(row.refresh_token_encrypted.clone(), REFRESH_TOKEN)?,
    })
}

/// The user's profile (empty when none was saved).
pub async fn profile(conn: &mut PgConnection, user_id: Uuid) -> Result<Profile> {
    let row = sqlx::query_as!(
        Profile,
        "SELECT avatar_url, bio, job_title, company, timezone, locale FROM user_profiles WHERE user_id = $1",
        user_id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("user profile", e))?;
    Ok(row.unwrap_or_default())
}

/// Saves the whole profile (created on first save).
pub async fn save_profile(conn: &mut PgConnection, user_id: Uuid, profile: &Profile) -> Result<Profile> {
    sqlx::query_as!(
        Profile,
        "INSERT INTO user_profiles (user_id, avatar_url, bio, job_title, company, timezone, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id) DO UPDATE SET avatar_url = EXCLUDED.avatar_url, bio = EXCLUDED.bio,
             job_title = EXCLUDED.job_title, company = EXCLUDED.company, timezone = EXCLUDED.timezone,
             locale = EXCLUDED.locale
         RETURNING avatar_url, bio, job_title, company, timezone, locale",
        user_id,
        profile.avatar_url,
        profile.bio,
        profile.job_title,
        profile.company,
        profile.timezone,
        profile.locale,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("user profile", e))
}

fn provider_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Github => "GitHub",
        Provider::Azure => "Azure",
    }
}

const GUARD: super::Guarded = super::Guarded {
    entity: ENTITY,
    table: "users",
    key: "id",
    soft_delete: true,
};

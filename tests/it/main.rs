//! The integration tests: one binary (one link of the crate), a module per
//! capability. Each test gets its own database, and a Redis of its own or
//! its own key prefix, so they run in parallel and leave nothing behind.

mod support;

mod auth;
mod auth_cli;
mod backup;
mod cache;
mod cache_cli;
mod changes;
mod cli;
mod concurrency;
mod docs;
mod events;
mod generated;
mod help;
mod layout;
mod leases;
mod migrate;
mod openapi;
mod repo_more;
mod repo_platform;
mod repo_users;
mod retention;
mod schema;
mod secrets;
mod seed;
mod seed_generate;
mod serve;
mod serve_architectures;
mod serve_auth;
mod serve_fuzz;
mod serve_users;
mod serve_workspaces;
mod sqlx_interop;
mod user_cli;

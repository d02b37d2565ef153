//! Plain entity types, shared by the repositories, the cache and the tool.

pub mod activity;
pub mod artifact;
pub mod chat;
pub mod integration;
pub mod user;
pub mod workspace;

pub use user::{NewUser, Role, User, UserChanges, UserStatus};

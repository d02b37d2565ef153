//! Plain entity types, shared by the repositories, the cache and the tool.

pub mod activity;
pub mod architecture;
pub mod artifact;
pub mod audit;
pub mod auth;
pub mod chat;
pub mod integration;
pub mod organization;
pub mod user;
pub mod workflow;
pub mod workspace;

pub use user::{NewUser, Role, User, UserChanges, UserStatus};

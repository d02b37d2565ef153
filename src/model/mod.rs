//! Plain entity types, shared by the repositories, the cache and the tool.

pub mod user;

pub use user::{NewUser, Role, User, UserChanges, UserStatus};

//! Bulk data.

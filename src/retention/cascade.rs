//! What a delete takes with it: the tables whose foreign keys say
//! `ON DELETE CASCADE`, read from the catalog, so that every row a purge
//! removes (the policy's, and every row cascading from it) is archived first.
//!
//! A purge deletes descendants explicitly, leaves first, before the rows
//! they hang from; by then the cascade has nothing left to remove unseen.

use sqlx::postgres::PgConnection;

use crate::db::quote_ident;
use crate::error::{Error, Result};

/// One foreign key that cascades: `child.fk_column` references
/// `parent.ref_column`.
#[derive(Debug, Clone)]
pub struct Edge {
    pub child: String,
    pub fk_column: String,
    pub parent: String,
    pub ref_column: String,
}

/// A table that loses rows when a row of the root is deleted, with the
/// chain of foreign keys from it up to the root (its own key first).
#[derive(Debug, Clone)]
pub struct Descendant {
    pub table: String,
    pub chain: Vec<Edge>,
}

/// The foreign keys a purge must respect: those that cascade, and those
/// that set NULL (whose rows must be archived before what they reference
/// is deleted, or the archive would keep the NULL).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub cascades: Vec<Edge>,
    /// `(referencing table, referenced table)` of ON DELETE SET NULL keys.
    pub set_null: Vec<(String, String)>,
}

pub async fn graph(conn: &mut PgConnection) -> Result<Graph> {
    let cascades = edges(conn).await?;
    let set_null: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c \
         WHERE c.contype = 'f' AND c.confdeltype = 'n' AND c.conrelid <> c.confrelid \
           AND c.connamespace = current_schema()::regnamespace ORDER BY 1, 2",
    )
    .fetch_all(conn)
    .await
    .map_err(Error::db("reading the foreign keys that set NULL"))?;
    Ok(Graph { cascades, set_null })
}

impl Graph {
    /// The descendants of `root` in the order a purge deletes them: each
    /// table before the one it cascades from, and a table that references
    /// another by SET NULL before that one, so its rows are archived as
    /// they were. Where the two rules conflict, cascades win.
    pub fn descendants(&self, root: &str) -> Vec<Descendant> {
        let list = descendants(&self.cascades, root);
        let n = list.len();
        let mut before: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, d) in list.iter().enumerate() {
            for (j, other) in list.iter().enumerate() {
                let cascade = d.chain[0].parent == other.table;
                let nulls = self
                    .set_null
                    .iter()
                    .any(|(r, y)| *r == d.table && *y == other.table);
                if i != j && (cascade || nulls) {
                    before[i].push(j);
                }
            }
        }
        match ordered(n, &before) {
            Some(order) => order.into_iter().map(|i| list[i].clone()).collect(),
            None => list,
        }
    }
}

/// A topological order of `0..n` where `before[i]` must follow `i`, ties
/// kept in index order; None on a cycle.
fn ordered(n: usize, before: &[Vec<usize>]) -> Option<Vec<usize>> {
    let mut waiting = vec![0usize; n];
    for next in before {
        for &j in next {
            waiting[j] += 1;
        }
    }
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let i = (0..n).find(|&i| !done[i] && waiting[i] == 0)?;
        done[i] = true;
        order.push(i);
        for &j in &before[i] {
            waiting[j] -= 1;
        }
    }
    Some(order)
}

/// Every cascading foreign key of the database's own tables.
pub async fn edges(conn: &mut PgConnection) -> Result<Vec<Edge>> {
    let rows: Vec<(String, String, String, String, i32)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text, af.attname::text, \
                cardinality(c.conkey) \
         FROM pg_constraint c \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
         JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1] \
         WHERE c.contype = 'f' AND c.confdeltype = 'c' \
           AND c.connamespace = current_schema()::regnamespace \
         ORDER BY 1, 2",
    )
    .fetch_all(conn)
    .await
    .map_err(Error::db("reading the foreign keys that cascade"))?;
    rows.into_iter()
        .map(|(child, fk_column, parent, ref_column, columns)| {
            if columns != 1 {
                return Err(Error::Internal(format!(
                    "{child}.{fk_column} is part of a {columns}-column foreign key that cascades; \
                     retention handles single-column keys only"
                )));
            }
            Ok(Edge {
                child,
                fk_column,
                parent,
                ref_column,
            })
        })
        .collect()
}

/// The descendants of `root`, leaves first (each table after everything
/// that cascades from it). A table reached by two paths appears twice.
pub fn descendants(edges: &[Edge], root: &str) -> Vec<Descendant> {
    let mut out = Vec::new();
    walk(edges, root, &mut Vec::new(), &mut out);
    out
}

fn walk(edges: &[Edge], table: &str, chain: &mut Vec<Edge>, out: &mut Vec<Descendant>) {
    for edge in edges.iter().filter(|e| e.parent == table) {
        // A cycle of cascades (none in our schema) would recurse forever.
        if chain.iter().any(|e| e.child == edge.child) || chain.len() > 8 {
            continue;
        }
        chain.insert(0, edge.clone());
        walk(edges, &edge.child, chain, out);
        out.push(Descendant {
            table: edge.child.clone(),
            chain: chain.clone(),
        });
        chain.remove(0);
    }
}

impl Descendant {
    /// A condition on this table's row `t` that holds when it hangs from a
    /// root row that `roots(ref_column)` selects (a subquery of the root's
    /// column that its child references).
    pub fn belongs_to(&self, roots: &dyn Fn(&str) -> String) -> String {
        let mut condition = String::new();
        let mut closing = String::new();
        for (i, edge) in self.chain.iter().enumerate() {
            let alias = if i == 0 { "t".to_owned() } else { format!("p{i}") };
            condition.push_str(&format!("{alias}.{} IN (", quote_ident(&edge.fk_column)));
            closing.push(')');
            if i + 1 == self.chain.len() {
                condition.push_str(&roots(&edge.ref_column));
            } else {
                condition.push_str(&format!(
                    "SELECT p{n}.{} FROM {} p{n} WHERE ",
                    quote_ident(&edge.ref_column),
                    edge.parent,
                    n = i + 1
                ));
            }
        }
        condition.push_str(&closing);
        condition
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(child: &str, fk: &str, parent: &str, col: &str) -> Edge {
        Edge {
            child: child.into(),
            fk_column: fk.into(),
            parent: parent.into(),
            ref_column: col.into(),
        }
    }

    #[test]
    fn leaves_come_first_and_chains_lead_to_the_root() {
        let edges = [
            edge("conversations", "workspace_id", "workspaces", "id"),
            edge("messages", "conversation_id", "conversations", "id"),
            edge("workspace_settings", "workspace_id", "workspaces", "id"),
        ];
        let found = descendants(&edges, "workspaces");
        let tables: Vec<&str> = found.iter().map(|d| d.table.as_str()).collect();
        assert_eq!(tables, ["messages", "conversations", "workspace_settings"]);
        let roots = |col: &str| format!("ROOTS({col})");
        assert_eq!(
            found[0].belongs_to(&roots),
            "t.\"conversation_id\" IN (SELECT p1.\"id\" FROM conversations p1 WHERE p1.\"workspace_id\" IN (ROOTS(id)))"
        );
        assert_eq!(found[2].belongs_to(&roots), "t.\"workspace_id\" IN (ROOTS(id))");
    }

    #[test]
    fn a_table_that_references_another_by_set_null_goes_first() {
        let graph = Graph {
            cascades: vec![
                edge("artifacts", "workspace_id", "workspaces", "id"),
                edge("versions", "artifact_id", "artifacts", "id"),
                edge("sync_logs", "workspace_id", "workspaces", "id"),
            ],
            set_null: vec![("sync_logs".into(), "artifacts".into())],
        };
        let tables: Vec<String> = graph
            .descendants("workspaces")
            .into_iter()
            .map(|d| d.table)
            .collect();
        assert_eq!(tables, ["versions", "sync_logs", "artifacts"]);
    }
}

//! The record path (`workspaces[2].members[0].role`) of a line and column,
//! for errors that serde reports with a location only (an unknown field, a
//! wrong type).
//!
//! The file is read a second time into a bare tree of maps and sequences
//! where every key and item keeps where it starts. The path is the chain of
//! last entries starting at or before the location. Only called on the error
//! path, so reading twice costs nothing in the common case.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

/// The path of `at` in `text`, or None when the text does not parse as YAML
/// (a syntax error: line and column are all there is).
pub fn record_path(text: &str, at: Location) -> Option<String> {
    let options = serde_saphyr::options! {
        with_snippet: false,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::FirstWins,
    };
    let root: Node = serde_saphyr::from_str_with_options(text, options).ok()?;
    let target = (at.line(), at.column());
    let mut path = String::new();
    let mut node = &root;
    loop {
        node = match node {
            Node::Map(entries) => {
                let Some((key, value)) = entries
                    .iter()
                    .rev()
                    .find(|(key, _)| (key.referenced.line(), key.referenced.column()) <= target)
                else {
                    break;
                };
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key.value.0);
                value
            }
            Node::Seq(items) => {
                let Some((index, item)) = items
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, item)| (item.referenced.line(), item.referenced.column()) <= target)
                else {
                    break;
                };
                path.push_str(&format!("[{index}]"));
                &item.value
            }
            Node::Leaf => break,
        };
    }
    (!path.is_empty()).then_some(path)
}

enum Node {
    Map(Vec<(Spanned<Key>, Node)>),
    Seq(Vec<Spanned<Node>>),
    Leaf,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            entries.push((key, map.next_value::<Node>()?));
        }
        Ok(Node::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A mapping key of any scalar type, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scalar key")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key("~".to_owned()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, line: u32, column: u32) -> Option<String> {
        record_path(text, location(line, column))
    }

    /// A Location for (line, column), taken from a value parsed at that place
    /// (Location has no public constructor).
    fn location(line: u32, column: u32) -> Location {
        let mut doc = String::new();
        for _ in 1..line {
            doc.push('\n');
        }
        doc.push_str(&" ".repeat(column as usize - 1));
        doc.push('x');
        serde_saphyr::from_str::<Spanned<String>>(&doc)
            .unwrap()
            .referenced
    }

    #[test]
    fn finds_the_deepest_entry_at_or_before_the_location() {
        let text = "users:\n  - email: a@x\n    name: A\n  - email: b@x\n    nmae: B\nworkspaces: []\n";
        assert_eq!(at(text, 5, 5).as_deref(), Some("users[1].nmae"));
        assert_eq!(at(text, 5, 11).as_deref(), Some("users[1].nmae"));
        assert_eq!(at(text, 2, 14).as_deref(), Some("users[0].email"));
        assert_eq!(at(text, 6, 1).as_deref(), Some("workspaces"));
        assert_eq!(
            at("users: [\n", 1, 8),
            None,
            "no path in a file that does not parse"
        );
    }
}

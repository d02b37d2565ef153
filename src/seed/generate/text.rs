//! Realistic-looking text: people's names, and sentences of the platform's
//! domain whose length varies as chat messages and documents do.

use super::rng::Rng;

pub const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Aisha",
    "Akira",
    "Alejandro",
    "Amara",
    "Anders",
    "Ananya",
    "Beatriz",
    "Bilal",
    "Camille",
    "Chen",
    "Chloe",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Emma",
    "Farah",
    "Felix",
    "Freya",
    "Gabriel",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jae",
    "Jonas",
    "Kai",
    "Kenji",
    "Lars",
    "Layla",
    "Leila",
    "Liam",
    "Lucia",
    "Maya",
    "Mateo",
    "Mei",
    "Mohammed",
    "Nadia",
    "Nia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sami",
    "Sofia",
    "Tariq",
    "Thandiwe",
    "Tomas",
    "Uma",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zanele",
    "Zoe",
];

pub const LAST_NAMES: &[&str] = &[
    "Abe",
    "Adeyemi",
    "Andersen",
    "Bauer",
    "Bernard",
    "Chatterjee",
    "Chen",
    "Costa",
    "Diallo",
    "Dubois",
    "Eriksson",
    "Fernandes",
    "Garcia",
    "Haddad",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lopez",
    "Mbeki",
    "Moreau",
    "Muller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Petrov",
    "Quispe",
    "Raman",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Usman",
    "Varga",
    "Wang",
    "Watanabe",
    "Yilmaz",
    "Zhang",
];

const WORDS: &[&str] = &[
    "the",
    "we",
    "a",
    "to",
    "and",
    "of",
    "in",
    "for",
    "with",
    "on",
    "that",
    "this",
    "it",
    "should",
    "can",
    "will",
    "need",
    "migration",
    "schema",
    "endpoint",
    "service",
    "latency",
    "deploy",
    "rollback",
    "review",
    "pull",
    "request",
    "branch",
    "release",
    "customer",
    "invoice",
    "ledger",
    "balance",
    "account",
    "workspace",
    "artifact",
    "workflow",
    "phase",
    "agent",
    "prompt",
    "story",
    "acceptance",
    "criteria",
    "test",
    "plan",
    "coverage",
    "regression",
    "cache",
    "redis",
    "postgres",
    "index",
    "query",
    "timeout",
    "retry",
    "queue",
    "webhook",
    "token",
    "session",
    "permission",
    "role",
    "audit",
    "retention",
    "backup",
    "restore",
    "snapshot",
    "checksum",
    "metric",
    "alert",
    "dashboard",
    "incident",
    "postmortem",
    "deadline",
    "sprint",
    "estimate",
    "risk",
    "dependency",
    "architecture",
    "component",
    "interface",
    "contract",
    "version",
    "change",
    "approve",
    "reject",
    "merge",
    "conflict",
    "sync",
    "github",
    "sharepoint",
    "document",
    "draft",
    "publish",
    "owner",
    "team",
    "users",
    "traffic",
    "throughput",
    "error",
    "budget",
    "consistent",
    "idempotent",
    "batch",
    "stream",
    "event",
    "projection",
    "replay",
    "cursor",
    "page",
    "limit",
    "offset",
    "first",
    "next",
    "after",
    "before",
    "because",
    "so",
    "but",
    "if",
    "when",
    "then",
    "also",
    "today",
    "tomorrow",
    "week",
    "quickly",
    "carefully",
    "again",
    "still",
    "already",
    "maybe",
];

/// A sentence-ish line of `min_len..` bytes: words, a capital, a full stop,
/// and now and then a paragraph break.
pub fn prose(rng: &mut Rng, target_len: usize, out: &mut String) {
    out.clear();
    let mut sentence_start = true;
    while out.len() < target_len {
        let word = *rng.pick(WORDS);
        if sentence_start {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            sentence_start = false;
        } else {
            out.push_str(word);
        }
        match rng.below(16) {
            0 => {
                out.push_str(". ");
                sentence_start = true;
            }
            1 if out.len() > 200 => {
                out.push_str(".\n\n");
                sentence_start = true;
            }
            2 => out.push_str(", "),
            _ => out.push(' '),
        }
    }
    while out.ends_with([' ', ',', '\n']) {
        out.pop();
    }
    if !out.ends_with('.') {
        out.push('.');
    }
}

/// A short title: a few capitalised domain words.
pub fn title(rng: &mut Rng, words: u64, out: &mut String) {
    out.clear();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        let word = *rng.pick(&WORDS[17..]);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::generate::rng::Kind;

    #[test]
    fn prose_reaches_its_length_and_ends_a_sentence() {
        let mut rng = Rng::new(1, Kind::Message, 1);
        let mut out = String::new();
        for target in [1, 40, 400, 4000] {
            prose(&mut rng, target, &mut out);
            assert!(out.len() >= target.min(2), "{out}");
            assert!(out.ends_with('.'));
            assert!(out.chars().next().unwrap().is_uppercase());
        }
    }
}

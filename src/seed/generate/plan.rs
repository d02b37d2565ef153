//! What `seed generate` makes, as pure functions of (`--rng-seed`, index):
//! how many of each entity, and each entity's id, time and parents. A child
//! recomputes its parent's id instead of looking it up, so every table can be
//! written in independent chunks, in parallel, with consistent foreign keys.

use uuid::Uuid;

use super::rng::{Kind, Rng};

/// The sizes asked for on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Sizes {
    pub users: u64,
    pub workspaces: u64,
    pub messages: u64,
    pub artifacts: u64,
}

impl Default for Sizes {
    /// Seconds to generate: about 150 thousand rows in all.
    fn default() -> Sizes {
        Sizes {
            users: 1_000,
            workspaces: 100,
            messages: 100_000,
            artifacts: 1_000,
        }
    }
}

/// Members per workspace (the owner included), when there are enough users.
pub const MEMBERS: u64 = 6;
/// Agents per workspace: an analyst, an architect and a developer.
pub const AGENTS: u64 = 3;
/// Mean messages per conversation.
const MESSAGES_PER_CONVERSATION: u64 = 40;
/// How far back the data goes from `end`: 18 months, so that every retention
/// policy (90 days of sync logs, a year of audit logs...) has rows due.
pub const SPAN_MICROS: i64 = 540 * 86_400 * 1_000_000;

#[derive(Debug)]
pub struct Plan {
    pub seed: u64,
    pub sizes: Sizes,
    /// Microseconds since the epoch; nothing is generated after it.
    pub end: i64,
    pub organizations: u64,
    pub conversations: u64,
    /// `message_starts[c]..message_starts[c + 1]`: the messages of
    /// conversation c (8 bytes per conversation, not per message).
    message_starts: Vec<u64>,
}

impl Plan {
    pub fn new(seed: u64, sizes: Sizes, end: i64) -> Plan {
        let organizations = (sizes.workspaces / 10).max(1);
        let conversations = (sizes.messages / MESSAGES_PER_CONVERSATION).max(sizes.workspaces);
        // Conversation lengths vary a lot (most short, a few long); the
        // starts are scaled so that the total is exactly --messages.
        let weights: Vec<u64> = (0..conversations)
            .map(|c| Rng::new(seed, Kind::ConversationLength, c).skewed(40, 2_000))
            .collect();
        let total: u128 = weights.iter().map(|w| *w as u128).sum::<u128>().max(1);
        let mut message_starts = Vec::with_capacity(conversations as usize + 1);
        let mut running: u128 = 0;
        for w in &weights {
            message_starts.push((running * sizes.messages as u128 / total) as u64);
            running += *w as u128;
        }
        message_starts.push(sizes.messages);
        Plan {
            seed,
            sizes,
            end,
            organizations,
            conversations,
            message_starts,
        }
    }

    pub fn rng(&self, kind: Kind, index: u64) -> Rng {
        Rng::new(self.seed, kind, index)
    }

    /// A time in the span, uniformly.
    pub fn time_in_span(&self, rng: &mut Rng) -> i64 {
        self.end - rng.below(SPAN_MICROS as u64) as i64
    }

    /// A time between `after` and the end.
    pub fn time_after(&self, rng: &mut Rng, after: i64) -> i64 {
        after + rng.below((self.end - after).max(1) as u64) as i64
    }

    /// The email domain of this seed's users: how `--remove` finds them.
    pub fn email_domain(&self) -> String {
        format!("gen{}.example", self.seed)
    }

    /// The prefix of this seed's workspace slugs, organization names and
    /// audit request ids.
    pub fn prefix(&self) -> String {
        format!("gen{}-", self.seed)
    }

    pub fn user(&self, i: u64) -> User {
        let mut rng = self.rng(Kind::User, i);
        let created = self.time_in_span(&mut rng);
        let id = v7(created, &mut rng);
        let first = *rng.pick(super::text::FIRST_NAMES);
        let last = *rng.pick(super::text::LAST_NAMES);
        User {
            id,
            created,
            first,
            last,
            rng,
        }
    }

    /// The k-th member of workspace w (k = 0 is the owner): distinct users
    /// spread over the whole user range.
    pub fn member(&self, w: u64, k: u64) -> u64 {
        let users = self.sizes.users;
        let base = super::rng::mix(self.seed ^ w.wrapping_mul(0x2545_f491_4f6c_dd1d)) % users;
        let step = (users / MEMBERS).max(1);
        (base + k * step) % users
    }

    pub fn members_per_workspace(&self) -> u64 {
        MEMBERS.min(self.sizes.users)
    }

    pub fn workspace(&self, w: u64) -> Workspace {
        let owner = self.user(self.member(w, 0));
        let mut rng = self.rng(Kind::Workspace, w);
        let created = self.time_after(&mut rng, owner.created);
        Workspace {
            id: v7(created, &mut rng),
            created,
            owner: owner.id,
            organization: w % self.organizations,
            rng,
        }
    }

    pub fn organization_id(&self, o: u64) -> Uuid {
        let mut rng = self.rng(Kind::Organization, o);
        let created = self.end - SPAN_MICROS - rng.below(86_400_000_000 * 365) as i64;
        v7(created, &mut rng)
    }

    pub fn repository_id(&self, r: u64) -> Uuid {
        let mut rng = self.rng(Kind::Repository, r);
        let created = self.end - SPAN_MICROS - rng.below(86_400_000_000 * 30) as i64;
        v7(created, &mut rng)
    }

    pub fn agent_id(&self, w: u64, a: u64) -> Uuid {
        let mut rng = self.rng(Kind::Agent, w * AGENTS + a);
        v7(self.end - SPAN_MICROS, &mut rng)
    }

    pub fn connection_id(&self, w: u64) -> Uuid {
        let mut rng = self.rng(Kind::Connection, w);
        v7(self.end - SPAN_MICROS, &mut rng)
    }

    pub fn conversation(&self, c: u64) -> Conversation {
        let w = c % self.sizes.workspaces;
        let workspace_created = self.workspace(w).created;
        let mut rng = self.rng(Kind::Conversation, c);
        let created = self.time_after(&mut rng, workspace_created);
        // Messages come every `step` on average, with jitter below it.
        let step = rng.range(5_000_000, 600_000_000) as i64;
        Conversation {
            id: v7(created, &mut rng),
            workspace: w,
            created,
            step,
            messages: self.message_starts[c as usize]..self.message_starts[c as usize + 1],
            rng,
        }
    }

    /// The time and stream of message `j`, the `position`-th of `conversation`.
    pub fn message_time(&self, conversation: &Conversation, position: u64, j: u64) -> (i64, Rng) {
        let mut rng = self.rng(Kind::Message, j);
        let jitter = rng.below(conversation.step as u64 / 2 + 1) as i64;
        let at = conversation.created + position as i64 * conversation.step + jitter;
        (at.min(self.end), rng)
    }

    pub fn artifact(&self, a: u64) -> Artifact {
        let w = a % self.sizes.workspaces;
        let workspace_created = self.workspace(w).created;
        let mut rng = self.rng(Kind::Artifact, a);
        let created = self.time_after(&mut rng, workspace_created);
        let versions = if rng.chance(20) {
            rng.range(10, 40)
        } else {
            rng.range(1, 6)
        };
        Artifact {
            id: v7(created, &mut rng),
            workspace: w,
            created,
            versions,
            rng,
        }
    }
}

pub struct User {
    pub id: Uuid,
    pub created: i64,
    pub first: &'static str,
    pub last: &'static str,
    /// The rest of this user's stream.
    pub rng: Rng,
}

pub struct Workspace {
    pub id: Uuid,
    pub created: i64,
    pub owner: Uuid,
    pub organization: u64,
    pub rng: Rng,
}

pub struct Conversation {
    pub id: Uuid,
    pub workspace: u64,
    pub created: i64,
    pub step: i64,
    pub messages: std::ops::Range<u64>,
    pub rng: Rng,
}

pub struct Artifact {
    pub id: Uuid,
    pub workspace: u64,
    pub created: i64,
    pub versions: u64,
    pub rng: Rng,
}

/// A UUID version 7 for a row created at `micros`, its random bits from the
/// row's stream: time-ordered like the ids the library mints.
pub fn v7(micros: i64, rng: &mut Rng) -> Uuid {
    let mut random = [0u8; 10];
    random[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    random[8..].copy_from_slice(&rng.next_u64().to_le_bytes()[..2]);
    uuid::Builder::from_unix_timestamp_millis((micros / 1000).max(0) as u64, &random).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ranges_cover_exactly_the_messages_asked_for() {
        let sizes = Sizes {
            users: 10,
            workspaces: 3,
            messages: 12_345,
            artifacts: 0,
        };
        let plan = Plan::new(9, sizes, 1_800_000_000_000_000);
        let mut next = 0;
        for c in 0..plan.conversations {
            let conversation = plan.conversation(c);
            assert_eq!(conversation.messages.start, next);
            next = conversation.messages.end;
        }
        assert_eq!(next, 12_345);
        let lengths: Vec<u64> = (0..plan.conversations)
            .map(|c| plan.conversation(c).messages.end - plan.conversation(c).messages.start)
            .collect();
        assert!(
            lengths.iter().max() > Some(&(2 * 12_345 / plan.conversations)),
            "lengths vary"
        );
    }

    #[test]
    fn members_are_distinct_users() {
        for users in [1, 2, 5, 6, 7, 100, 1_000_003] {
            let plan = Plan::new(
                3,
                Sizes {
                    users,
                    workspaces: 50,
                    messages: 0,
                    artifacts: 0,
                },
                0,
            );
            for w in 0..50 {
                let members: std::collections::HashSet<u64> = (0..plan.members_per_workspace())
                    .map(|k| plan.member(w, k))
                    .collect();
                assert_eq!(members.len() as u64, plan.members_per_workspace());
                assert!(members.iter().all(|m| *m < users));
            }
        }
    }
}

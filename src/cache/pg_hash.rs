//! PostgreSQL's `uuid_hash_extended(uuid, seed)`, computed on this side, so
//! that `cache warm` can hash the row versions it read without asking the
//! server for one more column per row (in a COPY of 1M profiles, the hash
//! column cost the server about a fifth more time).
//!
//! The server's function is Bob Jenkins' lookup3 hash as PostgreSQL extends
//! it to 64 bits and a seed (`hash_bytes_extended`), over the uuid's 16
//! bytes. Hash partitioning depends on these functions, so they do not
//! change between server versions. The words are read little-endian, as a
//! little-endian server reads them; a big-endian server computes other
//! values, and then every page's hash differs and the warm compares its rows
//! one by one instead: slower, never wrong. `tests/cache.rs` checks this
//! function against the server.

/// The three words of lookup3's state.
struct State {
    a: u32,
    b: u32,
    c: u32,
}

impl State {
    fn mix(&mut self) {
        let State { a, b, c } = self;
        *a = a.wrapping_sub(*c) ^ c.rotate_left(4);
        *c = c.wrapping_add(*b);
        *b = b.wrapping_sub(*a) ^ a.rotate_left(6);
        *a = a.wrapping_add(*c);
        *c = c.wrapping_sub(*b) ^ b.rotate_left(8);
        *b = b.wrapping_add(*a);
        *a = a.wrapping_sub(*c) ^ c.rotate_left(16);
        *c = c.wrapping_add(*b);
        *b = b.wrapping_sub(*a) ^ a.rotate_left(19);
        *a = a.wrapping_add(*c);
        *c = c.wrapping_sub(*b) ^ b.rotate_left(4);
        *b = b.wrapping_add(*a);
    }

    fn finish(&mut self) {
        let State { a, b, c } = self;
        *c = (*c ^ *b).wrapping_sub(b.rotate_left(14));
        *a = (*a ^ *c).wrapping_sub(c.rotate_left(11));
        *b = (*b ^ *a).wrapping_sub(a.rotate_left(25));
        *c = (*c ^ *b).wrapping_sub(b.rotate_left(16));
        *a = (*a ^ *c).wrapping_sub(c.rotate_left(4));
        *b = (*b ^ *a).wrapping_sub(a.rotate_left(14));
        *c = (*c ^ *b).wrapping_sub(b.rotate_left(24));
    }
}

/// `uuid_hash_extended(uuid, seed)`, as the server returns it (a bigint).
pub fn uuid_hash_extended(uuid: &[u8; 16], seed: i64) -> i64 {
    let word = |i: usize| u32::from_le_bytes([uuid[i], uuid[i + 1], uuid[i + 2], uuid[i + 3]]);
    // The initial state takes the length (16).
    let start = 0x9e37_79b9u32.wrapping_add(16).wrapping_add(3_923_095);
    let mut s = State {
        a: start,
        b: start,
        c: start,
    };
    let seed = seed as u64;
    if seed != 0 {
        s.a = s.a.wrapping_add((seed >> 32) as u32);
        s.b = s.b.wrapping_add(seed as u32);
        s.mix();
    }
    // One whole block of 12 bytes, then the last 4 go to `a` alone.
    s.a = s.a.wrapping_add(word(0));
    s.b = s.b.wrapping_add(word(4));
    s.c = s.c.wrapping_add(word(8));
    s.mix();
    s.a = s.a.wrapping_add(word(12));
    s.finish();
    ((u64::from(s.b) << 32) | u64::from(s.c)) as i64
}

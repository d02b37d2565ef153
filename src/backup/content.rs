//! The content hash of a table: a digest of its rows that does not depend on
//! their order, so the hash of a table read in physical order at backup time
//! equals the hash of the same rows read back after a restore, wherever they
//! landed.
//!
//! Each row is its line of COPY text (without the newline), read with the
//! session settings of [`super::SESSION_SETTINGS`] so that values print the
//! same way on both sides. A row's CRC-64 is passed through a mixing function
//! (so that the sum is not linear in the rows' bits) and the table's hash is
//! the wrapping sum of those, with the row count beside it. It detects lost,
//! duplicated or changed rows; it is not a cryptographic digest (the files
//! carry SHA-256 for that).

use crc::{CRC_64_XZ, Crc, Table};

const CRC: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_XZ);

/// Rows and their order-independent digest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContentHash {
    pub rows: u64,
    pub sum: u64,
}

impl ContentHash {
    pub fn add_row(&mut self, line: &[u8]) {
        self.rows += 1;
        self.sum = self.sum.wrapping_add(mix(CRC.checksum(line)));
    }

    pub fn merge(&mut self, other: ContentHash) {
        self.rows += other.rows;
        self.sum = self.sum.wrapping_add(other.sum);
    }

    /// The digest as it is written in the manifest.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.sum)
    }
}

/// The finaliser of SplitMix64: every input bit affects every output bit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes COPY text that arrives in pieces cut anywhere: rows are the lines.
#[derive(Debug, Default)]
pub struct LineHasher {
    hash: ContentHash,
    /// The start of a row whose end has not arrived yet.
    partial: Vec<u8>,
}

impl LineHasher {
    pub fn update(&mut self, mut data: &[u8]) {
        if !self.partial.is_empty() {
            match memchr::memchr(b'\n', data) {
                Some(end) => {
                    self.partial.extend_from_slice(&data[..end]);
                    self.hash.add_row(&self.partial);
                    self.partial.clear();
                    data = &data[end + 1..];
                }
                None => {
                    self.partial.extend_from_slice(data);
                    return;
                }
            }
        }
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', data) {
            self.hash.add_row(&data[start..end]);
            start = end + 1;
        }
        self.partial.extend_from_slice(&data[start..]);
    }

    /// The hash of the rows seen; `None` when the data stopped in the middle
    /// of a row (COPY text always ends with a newline).
    pub fn finish(self) -> Option<ContentHash> {
        self.partial.is_empty().then_some(self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(pieces: &[&[u8]]) -> Option<ContentHash> {
        let mut hasher = LineHasher::default();
        for piece in pieces {
            hasher.update(piece);
        }
        hasher.finish()
    }

    #[test]
    fn the_hash_depends_on_the_rows_not_on_their_order_or_how_they_arrive() {
        let whole = hash_of(&[b"1\talice\n2\tbob\n3\tcarol\n"]).unwrap();
        let reordered = hash_of(&[b"3\tcarol\n1\talice\n", b"2\tbob\n"]).unwrap();
        let cut_mid_row = hash_of(&[b"2\tb", b"ob\n3\tcar", b"ol\n1", b"\talice\n"]).unwrap();
        assert_eq!(whole.rows, 3);
        assert_eq!(whole, reordered);
        assert_eq!(whole, cut_mid_row);
    }

    #[test]
    fn a_changed_lost_or_duplicated_row_changes_the_hash() {
        let original = hash_of(&[b"1\talice\n2\tbob\n"]).unwrap();
        let changed = hash_of(&[b"1\talice\n2\tboB\n"]).unwrap();
        let lost = hash_of(&[b"1\talice\n"]).unwrap();
        let swapped_for_a_duplicate = hash_of(&[b"1\talice\n1\talice\n"]).unwrap();
        assert_ne!(original.sum, changed.sum);
        assert_ne!(original, lost);
        assert_ne!(original.sum, swapped_for_a_duplicate.sum);
    }

    #[test]
    fn data_cut_in_the_middle_of_a_row_has_no_hash() {
        assert_eq!(hash_of(&[b"1\talice\n2\tbo"]), None);
        assert_eq!(hash_of(&[]).unwrap(), ContentHash::default());
    }
}

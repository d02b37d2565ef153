//! Redis Cluster slots: which of the 16384 slots a key hashes to (CRC16 of
//! the key, or of its `{hash tag}`), and which primary serves each slot, so
//! bulk work can send each primary its own pipeline.

use redis::Value;

use super::client::Conn;
use crate::error::{Error, Result};

pub const SLOTS: u16 = 16_384;

/// Sixteen bytes a step (a 8 KiB table): a warm hashes every key it
/// writes, and the byte-at-a-time table took a tenth of its CPU time.
const CRC16: crc::Crc<u16, crc::Table<16>> = crc::Crc::<u16, crc::Table<16>>::new(&crc::CRC_16_XMODEM);

/// The slot of a key, as Redis Cluster computes it.
pub fn slot(key: &[u8]) -> u16 {
    let hashed = match key.iter().position(|b| *b == b'{') {
        Some(open) => match key[open + 1..].iter().position(|b| *b == b'}') {
            Some(len) if len > 0 => &key[open + 1..open + 1 + len],
            _ => key,
        },
        None => key,
    };
    CRC16.checksum(hashed) % SLOTS
}

/// For each slot, the index in `nodes` (URLs ending in `host:port`) of the
/// primary that serves it.
pub async fn owners(conn: &mut Conn, nodes: &[String]) -> Result<Vec<usize>> {
    let map: Value = redis::cmd("CLUSTER")
        .arg("SLOTS")
        .query_async(conn)
        .await
        .map_err(|e| Error::Redis {
            context: "cannot read the cluster's slot map".to_owned(),
            source: e,
        })?;
    let mut owners = vec![usize::MAX; SLOTS as usize];
    if let Value::Array(ranges) = map {
        for range in ranges {
            let Value::Array(fields) = range else { continue };
            let (Some(Value::Int(start)), Some(Value::Int(end)), Some(Value::Array(primary))) =
                (fields.first(), fields.get(1), fields.get(2))
            else {
                continue;
            };
            let host = match primary.first() {
                Some(Value::BulkString(b)) => String::from_utf8_lossy(b).into_owned(),
                Some(Value::SimpleString(s)) => s.clone(),
                _ => continue,
            };
            let Some(Value::Int(port)) = primary.get(1) else {
                continue;
            };
            let address = format!("{host}:{port}");
            let Some(node) = nodes.iter().position(|n| n.ends_with(&address)) else {
                continue;
            };
            for slot in *start..=*end {
                owners[slot as usize] = node;
            }
        }
    }
    if owners.contains(&usize::MAX) {
        return Err(Error::Internal(
            "the cluster's slot map leaves slots without a primary; is the cluster healthy (CLUSTER INFO)?"
                .to_owned(),
        ));
    }
    Ok(owners)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_match_redis() {
        // Values from `CLUSTER KEYSLOT` on Redis 7.
        assert_eq!(slot(b"foo"), 12182);
        assert_eq!(slot(b"bar"), 5061);
        assert_eq!(slot(b"{user1000}.following"), slot(b"user1000"));
        assert_eq!(slot(b"123456789"), 0x31C3 % SLOTS);
    }
}

//! Forging an index as someone with the format in hand would: the tests
//! prove no forgery steers a write or crashes a read.

use super::{HEADER_LEN, Hasher, Key, TRAILER_LEN, get_varint, put_varint};

/// `bytes` with block `n`'s table entry changed by `forge` and the
/// checksum made to match under `key`, as someone forging the file would
/// (tests: with the store's key, or with another).
pub fn forge_table(bytes: &[u8], n: usize, key: Key, forge: impl Fn(&mut [u64; 10])) -> Option<Vec<u8>> {
    let size = bytes.len();
    let table_len = usize::try_from(u64::from_le_bytes(
        bytes.get(size - 16..size - 8)?.try_into().ok()?,
    ))
    .ok()?;
    let table_at = size - TRAILER_LEN - table_len;
    let mut rest = &bytes[table_at..size - TRAILER_LEN];
    let mut values = [0u64; 10];
    for _ in 0..n {
        for _ in 0..10 {
            rest = &rest[get_varint(rest)?.1..];
        }
        rest = rest.get(8..)?;
    }
    let entry_at = size - TRAILER_LEN - rest.len();
    for value in &mut values {
        let (decoded, used) = get_varint(rest)?;
        *value = decoded;
        rest = &rest[used..];
    }
    forge(&mut values);
    let mut forged = bytes[..entry_at].to_vec();
    let mut entry = [0u8; 100];
    let mut at = 0;
    for value in values {
        at += put_varint(&mut entry[at..], value);
    }
    forged.extend_from_slice(&entry[..at]);
    forged.extend_from_slice(rest);
    let table_len = (forged.len() - table_at) as u64;
    forged.extend_from_slice(&table_len.to_le_bytes());
    forged.extend_from_slice(&[0; 8]);
    Some(reseal(forged, key))
}

/// An index's bytes with the closing checksum made to match, under
/// `key`, whatever the header, head and table now say (tests forge
/// indexes with it).
pub fn reseal(mut bytes: Vec<u8>, key: Key) -> Vec<u8> {
    let size = bytes.len();
    let table_len = usize::try_from(u64::from_le_bytes(
        bytes[size - 16..size - 8].try_into().expect("8 bytes"),
    ))
    .expect("a small index");
    let head_len = usize::try_from(u64::from_le_bytes(
        bytes[HEADER_LEN - 8..HEADER_LEN].try_into().expect("8 bytes"),
    ))
    .expect("a small index");
    let mut hash = Hasher::new(&key);
    hash.update(&bytes[..HEADER_LEN + head_len]);
    hash.update(&bytes[size - TRAILER_LEN - table_len..size - 8]);
    bytes[size - 8..].copy_from_slice(&hash.finish().to_le_bytes());
    bytes
}

//! Which hash key a record has: the MD5 digest of its partition key read as an unsigned 128-bit
//! number, unless the writer gives an ExplicitHashKey (docs/behaviour.md §11.1).

use md5::digest::core_api::{Buffer, FixedOutputCore};
use md5::{Digest, Md5, Md5Core};

/// The hash key of a partition key: MD5 of its UTF-8 bytes, big-endian.
pub fn of_partition_key(partition_key: &str) -> u128 {
    let bytes = partition_key.as_bytes();
    if bytes.len() < 64 {
        // Less than a block: the crate's core finishes it straight from a buffer holding the
        // key, without the hasher's copy of it into its own buffer first. A PutRecords call
        // hashes up to 500 keys.
        let mut buffer = Buffer::<Md5Core>::new(bytes);
        let mut digest = Default::default();
        Md5Core::default().finalize_fixed_core(&mut buffer, &mut digest);
        return u128::from_be_bytes(digest.into());
    }
    u128::from_be_bytes(Md5::digest(bytes).into())
}

/// An ExplicitHashKey that passed the model's pattern `0|([1-9]\d{0,38})`: None when it is above
/// 2^128 - 1, which the service refuses with the text of `out_of_range` (docs/behaviour.md §11.1).
pub fn explicit(text: &str) -> Option<u128> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_keys_hash_as_md5_numbers() {
        // md5("a") = 0cc175b9c0f1b6a831c399e269772661, md5("") = d41d8cd98f00b204e9800998ecf8427e.
        assert_eq!(of_partition_key("a"), 0x0cc1_75b9_c0f1_b6a8_31c3_99e2_6977_2661);
        assert_eq!(of_partition_key(""), 0xd41d_8cd9_8f00_b204_e980_0998_ecf8_427e);
        // Either side of one block, against the hasher.
        for len in [55, 56, 63, 64, 65, 256] {
            let key = "k".repeat(len);
            assert_eq!(of_partition_key(&key), u128::from_be_bytes(Md5::digest(key.as_bytes()).into()), "{len}");
        }
    }

    #[test]
    fn explicit_keys_stop_at_2_pow_128_minus_1() {
        assert_eq!(explicit("340282366920938463463374607431768211455"), Some(u128::MAX));
        assert_eq!(explicit("340282366920938463463374607431768211456"), None);
        assert_eq!(explicit("0"), Some(0));
    }
}

//! Checks that every JSON object in a document lists its keys in byte order, as the real service
//! sends them (docs/behaviour.md §2.3). `serde_json::Value` forgets the order, so this walks the
//! document with its own visitor.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Deserialising this records the first object whose keys are out of order.
pub struct KeyOrder(pub Result<(), String>);

impl<'de> Deserialize<'de> for KeyOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyOrderVisitor)
    }
}

struct KeyOrderVisitor;

impl<'de> Visitor<'de> for KeyOrderVisitor {
    type Value = KeyOrder;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<KeyOrder, E> {
        Ok(KeyOrder(Ok(())))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<KeyOrder, E> {
        Ok(KeyOrder(Ok(())))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<KeyOrder, E> {
        Ok(KeyOrder(Ok(())))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<KeyOrder, E> {
        Ok(KeyOrder(Ok(())))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<KeyOrder, E> {
        Ok(KeyOrder(Ok(())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<KeyOrder, E> {
        Ok(KeyOrder(Ok(())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyOrder, A::Error> {
        let mut result = Ok(());
        while let Some(KeyOrder(item)) = seq.next_element()? {
            if result.is_ok() {
                result = item;
            }
        }
        Ok(KeyOrder(result))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyOrder, A::Error> {
        let mut result = Ok(());
        let mut previous: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            let KeyOrder(value) = map.next_value()?;
            if result.is_ok() {
                if let Some(previous) = previous.as_deref().filter(|p| *p >= key.as_str()) {
                    result = Err(format!("key {key:?} follows {previous:?}"));
                } else {
                    result = value;
                }
            }
            previous = Some(key);
        }
        Ok(KeyOrder(result))
    }
}

pub fn check_sorted(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<KeyOrder>(body).map_err(|e| e.to_string())?.0
}

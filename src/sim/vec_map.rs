//! A small ordered map kept as a sorted vector. The maps it serves are keyed by shard index and
//! hold a few entries to a few hundred; a `BTreeMap` would do as well, but its code costs the page
//! kilobytes for each key and value type, and a vector with a binary search costs next to none.

/// Entries in ascending key order, one per key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K: Ord + Copy, V> VecMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(&key))
    }

    pub fn get(&self, key: K) -> Option<&V> {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, key: K) -> bool {
        self.find(key).is_ok()
    }

    /// The value of `key`, made by `make` first when there is none.
    pub fn or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.find(key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, make()));
                at
            }
        };
        &mut self.0[at].1
    }

    pub fn remove(&mut self, key: K) -> Option<V> {
        self.find(key).ok().map(|at| self.0.remove(at).1)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(K, &mut V) -> bool) {
        self.0.retain_mut(|(key, value)| keep(*key, value));
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        self.0.iter().map(|(key, value)| (*key, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.0.iter().map(|(key, _)| *key)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, value)| value)
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_in_order_and_unique() {
        let mut map = VecMap::new();
        for key in [5u32, 1, 9, 5, 3] {
            *map.or_insert_with(key, || 0) += 1;
        }
        assert_eq!(map.iter().map(|(k, v)| (k, *v)).collect::<Vec<_>>(), [(1, 1), (3, 1), (5, 2), (9, 1)]);
        assert_eq!((map.get(5), map.get(4), map.contains_key(9)), (Some(&2), None, true));
        assert_eq!(map.remove(3), Some(1));
        assert_eq!(map.remove(3), None);
        map.retain(|key, value| {
            *value += 10;
            key != 9
        });
        assert_eq!(map.into_iter().collect::<Vec<_>>(), [(1, 11), (5, 12)]);
    }
}

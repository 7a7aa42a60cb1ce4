//! Reading the JSON files trainers write (scenarios, tutorials) by hand from a `serde_json::Value`,
//! as saved sessions are read: serde's derived readers of their nested steps cost the page
//! several kilobytes (BENCHMARKS.md, "The page bundle"). Each member is checked for its JSON type,
//! `null` reads as absent, a member the format does not have is refused (a misspelt `wait_ms`
//! would otherwise do nothing, silently), and every refusal names the member.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// An object's members, read by name; `finish` refuses the ones never asked for.
pub struct Members<'v> {
    map: &'v Map<String, Value>,
    asked: Vec<&'static str>,
}

impl<'v> Members<'v> {
    /// Reads the object `value` (`what` names it when it is not one) with `read`, then refuses
    /// the members `read` did not ask for.
    pub fn read<T>(
        value: &'v Value,
        what: &str,
        read: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<T, String> {
        let map = value.as_object().ok_or_else(|| format!("{what} must be a JSON object"))?;
        let mut members = Self { map, asked: Vec::new() };
        let read = read(&mut members)?;
        members.finish()?;
        Ok(read)
    }

    /// The member `name`, of any type, unless absent or `null`.
    pub fn any(&mut self, name: &'static str) -> Option<&'v Value> {
        self.asked.push(name);
        self.map.get(name).filter(|value| !value.is_null())
    }

    fn typed<T>(
        &mut self,
        name: &'static str,
        kind: &str,
        read: impl Fn(&'v Value) -> Option<T>,
    ) -> Result<Option<T>, String> {
        match self.any(name) {
            None => Ok(None),
            Some(value) => read(value).map(Some).ok_or_else(|| format!("`{name}` must be {kind}")),
        }
    }

    pub fn text(&mut self, name: &'static str) -> Result<Option<String>, String> {
        self.typed(name, "a string", |value| value.as_str().map(str::to_owned))
    }

    pub fn integer(&mut self, name: &'static str) -> Result<Option<i64>, String> {
        self.typed(name, "a whole number", Value::as_i64)
    }

    pub fn small(&mut self, name: &'static str) -> Result<Option<u32>, String> {
        self.typed(name, "a whole number from 0 to 4294967295", |value| u32::try_from(value.as_u64()?).ok())
    }

    pub fn count(&mut self, name: &'static str) -> Result<Option<usize>, String> {
        self.typed(name, "a whole number", |value| usize::try_from(value.as_u64()?).ok())
    }

    pub fn flag(&mut self, name: &'static str) -> Result<Option<bool>, String> {
        self.typed(name, "true or false", Value::as_bool)
    }

    pub fn list(&mut self, name: &'static str) -> Result<Option<&'v [Value]>, String> {
        self.typed(name, "an array", |value| value.as_array().map(Vec::as_slice))
    }

    pub fn texts(&mut self, name: &'static str) -> Result<Option<Vec<String>>, String> {
        let Some(items) = self.list(name)? else { return Ok(None) };
        let text = |item: &Value| item.as_str().map(str::to_owned).ok_or_else(|| format!("`{name}` must hold strings"));
        items.iter().map(text).collect::<Result<_, _>>().map(Some)
    }

    /// Refuses the members never asked for.
    fn finish(self) -> Result<(), String> {
        match self.map.keys().find(|key| !self.asked.contains(&key.as_str())) {
            Some(key) => Err(format!("there is no member `{key:.40}`")),
            None => Ok(()),
        }
    }
}

/// A member that must be there.
pub fn needed<T>(member: Option<T>, name: &str) -> Result<T, String> {
    member.ok_or_else(|| format!("`{name}` is missing"))
}

/// The request bodies of a file's steps, as written: a scenario sends them byte for byte, key
/// order included, which a `Value` does not keep. Read with serde, which finds the raw text.
#[derive(Default, Deserialize)]
pub struct RawStep<'a> {
    #[serde(borrow, default)]
    pub body: Option<&'a RawValue>,
}

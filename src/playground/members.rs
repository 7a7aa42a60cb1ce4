//! Reading the JSON files trainers write (scenarios, tutorials) by hand from the crate's JSON
//! reader (`json`), as saved sessions are read: serde's derived readers of their nested steps
//! cost the page several kilobytes (BENCHMARKS.md, "The page bundle"). Each member is checked for its JSON type,
//! `null` reads as absent, a member the format does not have is refused (a misspelt `wait_ms`
//! would otherwise do nothing, silently), and every refusal names the member.

use crate::sim::json::{Array, Object, Value};

/// An object's members, read by name; `finish` refuses the ones never asked for.
pub struct Members<'v> {
    object: Object<'v>,
    asked: Vec<&'static str>,
}

impl<'v> Members<'v> {
    /// Reads the object `value` (`what` names it when it is not one) with `read`, then refuses
    /// the members `read` did not ask for.
    pub fn read<T>(
        value: Value<'v>,
        what: &str,
        read: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<T, String> {
        let object = value.as_object().ok_or_else(|| format!("{what} must be a JSON object"))?;
        let mut members = Self { object, asked: Vec::new() };
        let read = read(&mut members)?;
        members.finish()?;
        Ok(read)
    }

    /// The member `name`, of any type, unless absent or `null`.
    pub fn any(&mut self, name: &'static str) -> Option<Value<'v>> {
        self.asked.push(name);
        self.object.get(name).filter(|value| !value.is_null())
    }

    /// The member `name`'s JSON text as written, unless absent or `null`: a request body a
    /// scenario sends byte for byte, key order included.
    pub fn raw(&mut self, name: &'static str) -> Option<&'v str> {
        self.any(name)?;
        self.object.raw(name)
    }

    fn typed<T>(
        &mut self,
        name: &'static str,
        kind: &str,
        read: impl Fn(Value<'v>) -> Option<T>,
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

    pub fn list(&mut self, name: &'static str) -> Result<Option<Array<'v>>, String> {
        self.typed(name, "an array", Value::as_array)
    }

    pub fn texts(&mut self, name: &'static str) -> Result<Option<Vec<String>>, String> {
        let Some(items) = self.list(name)? else { return Ok(None) };
        let text = |item: Value| item.as_str().map(str::to_owned).ok_or_else(|| format!("`{name}` must hold strings"));
        items.iter().map(text).collect::<Result<_, _>>().map(Some)
    }

    /// Refuses the members never asked for.
    fn finish(self) -> Result<(), String> {
        match self.object.iter().find(|(key, _)| !self.asked.contains(key)) {
            Some((key, _)) => Err(format!("there is no member `{key:.40}`")),
            None => Ok(()),
        }
    }
}

/// A member that must be there.
pub fn needed<T>(member: Option<T>, name: &str) -> Result<T, String> {
    member.ok_or_else(|| format!("`{name}` is missing"))
}

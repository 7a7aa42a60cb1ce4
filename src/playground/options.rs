//! Options in the page's address: embed mode for documentation pages (`?embed=1` with
//! `theme=light|dark|auto`, `view=streams|inspector|split|traffic` and `readonly=1`,
//! docs/embedding.md)
//! and, for workshops, `speed=1|10|60` with `pin-speed=1` so an instructor's link sets the clock's
//! speed for everyone. Unknown values fall back to the defaults, so a typo in a host page never
//! breaks the playground.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Follows the system setting.
    #[default]
    Auto,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    Streams,
    Inspector,
    #[default]
    Split,
    /// The traffic of a stream: producers and consumers, its metrics, cost and shard map.
    Traffic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PageOptions {
    pub embed: bool,
    pub theme: Theme,
    pub view: View,
    /// Shows the session without the controls that change it.
    pub readonly: bool,
    /// A clock speed the page starts with (1, 10 or 60).
    pub speed: Option<u32>,
    /// Whether the Speed control is locked to it.
    pub pin_speed: bool,
}

/// The query parameters read, and only those.
pub const PARAMETERS: [&str; 6] = ["embed", "theme", "view", "readonly", "speed", "pin-speed"];

impl PageOptions {
    /// Reads the options from query pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut options = Self::default();
        for (key, value) in pairs {
            let on = matches!(value, "1" | "true" | "yes");
            match key {
                "embed" => options.embed = on,
                "readonly" => options.readonly = on,
                "pin-speed" => options.pin_speed = on,
                "speed" => options.speed = value.parse().ok().filter(|s| crate::playground::clock::SPEEDS.contains(s)),
                "theme" => {
                    options.theme = match value {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => Theme::Auto,
                    }
                }
                "view" => {
                    options.view = match value {
                        "streams" => View::Streams,
                        "inspector" => View::Inspector,
                        "traffic" => View::Traffic,
                        _ => View::Split,
                    }
                }
                _ => {}
            }
        }
        options
    }

    /// The value of the page's `data-theme` attribute, if any.
    pub fn theme_attribute(self) -> Option<&'static str> {
        match self.theme {
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
            Theme::Auto => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_options_and_ignores_the_rest() {
        let options = PageOptions::from_pairs([
            ("embed", "1"),
            ("theme", "dark"),
            ("view", "inspector"),
            ("readonly", "true"),
            ("x", "y"),
        ]);
        assert_eq!(
            options,
            PageOptions {
                embed: true,
                theme: Theme::Dark,
                view: View::Inspector,
                readonly: true,
                ..Default::default()
            }
        );
        let workshop = PageOptions::from_pairs([("speed", "60"), ("pin-speed", "1")]);
        assert_eq!((workshop.speed, workshop.pin_speed), (Some(60), true));
        assert_eq!(PageOptions::from_pairs([("speed", "7")]).speed, None);
        let odd = PageOptions::from_pairs([("embed", "please"), ("theme", "<b>"), ("view", "")]);
        assert_eq!(odd, PageOptions::default());
        assert_eq!(PageOptions::default().theme_attribute(), None);
    }
}

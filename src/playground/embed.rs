//! Embed mode for documentation pages: `?embed=1` with `theme=light|dark|auto`,
//! `view=streams|inspector|split` and `readonly=1` (docs/embedding.md). Unknown values fall back
//! to the defaults, so a typo in a host page never breaks the playground.

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    pub embed: bool,
    pub theme: Theme,
    pub view: View,
    /// Shows the session without the controls that change it.
    pub readonly: bool,
}

/// The query parameters embed mode reads, and only those.
pub const PARAMETERS: [&str; 4] = ["embed", "theme", "view", "readonly"];

impl EmbedOptions {
    /// Reads `embed`, `theme`, `view` and `readonly` from query pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut options = Self::default();
        for (key, value) in pairs {
            let on = matches!(value, "1" | "true" | "yes");
            match key {
                "embed" => options.embed = on,
                "readonly" => options.readonly = on,
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
        let options = EmbedOptions::from_pairs([
            ("embed", "1"),
            ("theme", "dark"),
            ("view", "inspector"),
            ("readonly", "true"),
            ("x", "y"),
        ]);
        assert_eq!(options, EmbedOptions { embed: true, theme: Theme::Dark, view: View::Inspector, readonly: true });
        let odd = EmbedOptions::from_pairs([("embed", "please"), ("theme", "<b>"), ("view", "")]);
        assert_eq!(odd, EmbedOptions::default());
        assert_eq!(EmbedOptions::default().theme_attribute(), None);
    }
}

//! One request and its response, as the inspector shows them.

use std::cell::Cell;

use crate::sim::{CONTENT_TYPE, Operation, json};

thread_local! {
    /// The page's monotonic clock in milliseconds (`performance.now()`), installed by the page;
    /// without one (native tests, the core's own tools) calls are not timed.
    static STOPWATCH: Cell<Option<fn() -> f64>> = const { Cell::new(None) };
}

/// Lets calls be timed with `now`, a monotonic clock in milliseconds.
pub fn install_stopwatch(now: fn() -> f64) {
    STOPWATCH.with(|stopwatch| stopwatch.set(Some(now)));
}

/// The installed stopwatch's reading, if one is installed.
pub fn stopwatch_ms() -> Option<f64> {
    STOPWATCH.with(Cell::get).map(|now| now())
}

/// Runs `call` and says how long it took in milliseconds, if a stopwatch is installed.
pub fn timed<T>(call: impl FnOnce() -> T) -> (T, Option<f64>) {
    let now = STOPWATCH.with(Cell::get);
    let started = now.map(|now| now());
    let result = call();
    (result, now.zip(started).map(|(now, started)| (now() - started).max(0.0)))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// 1, 2, 3… in the order the calls were made (`ExchangeLog::push` numbers them).
    pub sequence: u32,
    /// Simulation time of the call (epoch ms).
    pub at_ms: i64,
    pub operation: Operation,
    pub request_body: String,
    pub status: u16,
    pub response_body: String,
    /// The stream the request names (by `StreamName`, or the name in its `StreamARN`), and the
    /// error's `__type` and message: read once when the call is logged, since views ask for them
    /// on every render.
    stream_name: Option<String>,
    error_type: Option<String>,
    error_message: Option<String>,
    /// How long the answer took, in microseconds of wall-clock time: the core's handling here,
    /// the round trip when attached. Shown only; it never reaches a saved session (sessions
    /// replay their journal, which holds the calls, not their answers).
    elapsed_us: Option<u64>,
}

impl Exchange {
    pub fn new(at_ms: i64, operation: Operation, request_body: String, status: u16, response_body: String) -> Self {
        let text =
            |body: &Option<json::Document>, name: &str| body.as_ref()?.root().get(name)?.as_str().map(str::to_owned);
        let request = json::parse(&request_body).ok();
        let stream_name = text(&request, "StreamName").or_else(|| {
            let arn = text(&request, "StreamARN")?;
            arn.split_once(":stream/").map(|(_, name)| name.to_owned())
        });
        let error = if status >= 400 { json::parse(&response_body).ok() } else { None };
        let error_type = text(&error, "__type");
        // SerializationException spells it `Message`.
        let error_message = text(&error, "message").or_else(|| text(&error, "Message"));
        Self {
            sequence: 0,
            at_ms,
            operation,
            request_body,
            status,
            response_body,
            stream_name,
            error_type,
            error_message,
            elapsed_us: None,
        }
    }

    /// The same exchange, with how long its answer took (milliseconds; `None` when not timed).
    pub fn took(mut self, elapsed_ms: Option<f64>) -> Self {
        self.elapsed_us = elapsed_ms.filter(|ms| ms.is_finite()).map(|ms| (ms.max(0.0) * 1000.0).round() as u64);
        self
    }

    /// How long the answer took, for people: "<0.1 ms", "0.4 ms", "12 ms", "1.25 s".
    pub fn duration(&self) -> Option<String> {
        let us = self.elapsed_us?;
        // Whole numbers only: formatting floats would add kilobytes to the page.
        Some(match us {
            0..100 => "<0.1 ms".to_owned(),
            100..9_950 => {
                let tenths = (us + 50) / 100;
                format!("{}.{} ms", tenths / 10, tenths % 10)
            }
            9_950..999_500 => format!("{} ms", (us + 500) / 1000),
            _ => {
                let hundredths = (us + 5_000) / 10_000;
                format!("{}.{:02} s", hundredths / 100, hundredths % 100)
            }
        })
    }

    /// The response body's size: "0 B", "1234 B".
    pub fn size(&self) -> String {
        format!("{} B", self.response_body.len())
    }

    /// The request headers that matter to the protocol, as an SDK sends them.
    pub fn request_headers(&self) -> [(&'static str, String); 2] {
        [("X-Amz-Target", self.operation.target()), ("Content-Type", CONTENT_TYPE.to_owned())]
    }

    pub fn is_error(&self) -> bool {
        self.status >= 400
    }

    /// The stream the request names, by `StreamName` or by the name in its `StreamARN`.
    pub fn stream_name(&self) -> Option<&str> {
        self.stream_name.as_deref()
    }

    /// The `message` of an error response.
    pub fn error_message(&self) -> Option<&str> {
        self.error_message.as_deref()
    }

    /// The `__type` of an error response, for a headline.
    pub fn error_type(&self) -> Option<&str> {
        self.error_type.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(elapsed_ms: Option<f64>) -> Exchange {
        Exchange::new(0, Operation::ListStreams, "{}".into(), 200, r#"{"StreamNames":["é"]}"#.into()).took(elapsed_ms)
    }

    #[test]
    fn duration_and_size_in_words() {
        let durations: Vec<Option<String>> = [
            None,
            Some(0.04),
            Some(0.45),
            Some(9.94),
            Some(9.96),
            Some(12.4),
            Some(999.6),
            Some(1_250.0),
            Some(f64::NAN),
            Some(-1.0),
        ]
        .into_iter()
        .map(|ms| exchange(ms).duration())
        .collect();
        let expected = [
            None,
            Some("<0.1 ms"),
            Some("0.5 ms"),
            Some("9.9 ms"),
            Some("10 ms"),
            Some("12 ms"),
            Some("1.00 s"),
            Some("1.25 s"),
            None,
            Some("<0.1 ms"),
        ];
        assert_eq!(durations, expected.map(|d| d.map(str::to_owned)));
        assert_eq!(exchange(None).size(), "22 B", "bytes, not characters (21)");
    }

    #[test]
    fn calls_are_timed_only_with_a_stopwatch() {
        assert_eq!(timed(|| 7), (7, None));
        install_stopwatch(|| {
            thread_local!(static T: Cell<f64> = const { Cell::new(0.0) });
            T.with(|t| {
                t.set(t.get() + 2.5);
                t.get()
            })
        });
        assert_eq!(timed(|| 7), (7, Some(2.5)));
    }
}

//! GetMetricData: several metrics at once, each a `MetricStat` (a metric, a period and one
//! statistic) under an `Id`, answered as parallel `Timestamps` and `Values`, newest first unless
//! `ScanBy` says `TimestampAscending`. Metric math (`Expression`) is not evaluated: it is refused
//! with a message saying so (docs/behaviour.md §8.4).
//!
//! At most `MaxDatapoints` datapoints (100,800 by default) go in one answer; the rest follow with
//! `NextToken`, which says how many of the query's datapoints were already sent.

use crate::sim::Simulator;

use super::fault::Fault;
use super::get_metric_statistics::{MetricQuery, read_period, read_range};
use super::input::Field;
use super::output::Out;
use super::paging;
use super::series::{self, Statistic};

const MAX_QUERIES: usize = 500;
const DEFAULT_MAX_DATAPOINTS: i64 = 100_800;

struct Query {
    id: String,
    label: Option<String>,
    metric: MetricQuery,
    period: i64,
    statistic: Statistic,
    unit: Option<String>,
    return_data: bool,
}

fn read_query(field: &Field) -> Result<Query, Fault> {
    let id_field = field.get("Id");
    let id = id_field.required_text()?.to_owned();
    let mut chars = id.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && id.len() <= 255;
    if !well_formed {
        return Err(Fault::invalid_value(format!(
            "The value {id} for parameter {} is not valid: an Id starts with a lowercase letter and has only \
             letters, digits and underscores.",
            id_field.name()
        )));
    }
    let stat = field.get("MetricStat");
    if field.get("Expression").is_present() {
        let message = if stat.is_present() {
            format!("The parameters {0}.MetricStat and {0}.Expression are mutually exclusive.", field.name())
        } else {
            format!(
                "kinesis-endpoint does not evaluate metric math ({}.Expression): ask for each metric with a \
                 MetricStat and combine the values in your code.",
                field.name()
            )
        };
        return Err(Fault::combination(message));
    }
    if !stat.is_present() {
        return Err(Fault::combination(format!(
            "One of the parameters {0}.MetricStat and {0}.Expression must be specified.",
            field.name()
        )));
    }
    let stat_field = stat.get("Stat");
    let stat_text = stat_field.required_text()?;
    let statistic = Statistic::parse(stat_text).ok_or_else(|| {
        Fault::invalid_value(format!(
            "The value {stat_text} for parameter {} is not a statistic: SampleCount, Average, Sum, Minimum, Maximum \
             or a percentile such as p99.",
            stat_field.name()
        ))
    })?;
    let metric_field = stat.get("Metric");
    if !metric_field.is_present() {
        return Err(Fault::missing(metric_field.name()));
    }
    Ok(Query {
        id,
        label: field.get("Label").text()?.map(str::to_owned),
        metric: MetricQuery::read(&metric_field)?,
        period: read_period(&stat.get("Period"))?,
        statistic,
        unit: stat.get("Unit").text()?.map(str::to_owned),
        return_data: field.get("ReturnData").boolean()?.unwrap_or(true),
    })
}

pub fn call(simulator: &Simulator, input: &Field) -> Result<Out, Fault> {
    let queries_field = input.get("MetricDataQueries");
    let fields = queries_field.list()?;
    if fields.is_empty() {
        return Err(Fault::missing(queries_field.name()));
    }
    if fields.len() > MAX_QUERIES {
        return Err(Fault::invalid_value(format!(
            "The collection {} must not have more than {MAX_QUERIES} members.",
            queries_field.name()
        )));
    }
    let queries = fields.iter().map(read_query).collect::<Result<Vec<_>, _>>()?;
    for (i, query) in queries.iter().enumerate() {
        if queries[..i].iter().any(|earlier| earlier.id == query.id) {
            return Err(Fault::invalid_value(format!("The Id {} is used by more than one query.", query.id)));
        }
    }
    let (start, end) = read_range(input)?;
    let start = series::range_start(start);
    let ascending = match input.get("ScanBy").text()? {
        None | Some("TimestampDescending") => false,
        Some("TimestampAscending") => true,
        Some(other) => {
            return Err(Fault::invalid_value(format!(
                "The value {other} for parameter ScanBy is not TimestampDescending or TimestampAscending."
            )));
        }
    };
    let max_datapoints = input.get("MaxDatapoints").integer()?.unwrap_or(DEFAULT_MAX_DATAPOINTS);
    if max_datapoints < 1 {
        return Err(Fault::invalid_value("The parameter MaxDatapoints must be at least 1."));
    }
    let skip = match input.get("NextToken").text()? {
        None => 0,
        Some(token) => paging::position("GetMetricData", token).ok_or_else(Fault::invalid_next_token)?,
    };

    // Every query's datapoints, in order, then the page of them from `skip`.
    let mut budget = max_datapoints as u64;
    let mut seen = 0_u64;
    let mut results = Vec::new();
    for query in queries.iter().filter(|q| q.return_data) {
        let source = query.metric.source(simulator).filter(|s| query.unit.as_deref().is_none_or(|u| u == s.unit()));
        let mut points: Vec<(i64, f64)> = match source {
            None => Vec::new(),
            Some(source) => series::by_period(&source.minutes(start, end), start, query.period * 1000)
                .into_iter()
                .filter_map(|(at, point)| Some((at, query.statistic.of(&point)?)))
                .collect(),
        };
        if !ascending {
            points.reverse();
        }
        let already = skip.saturating_sub(seen).min(points.len() as u64) as usize;
        seen += points.len() as u64;
        let count = points.len();
        let page: Vec<(i64, f64)> = points.into_iter().skip(already).take(budget as usize).collect();
        budget -= page.len() as u64;
        // PartialData: more of this query's datapoints follow with the NextToken.
        let complete = already + page.len() == count;
        results.push((query, page, complete));
    }
    let sent = skip + (max_datapoints as u64 - budget);
    let more = sent < seen;

    let results = results
        .into_iter()
        .map(|(query, page, complete)| {
            Out::Structure(vec![
                ("Id", Out::text(&query.id)),
                ("Label", Out::text(query.label.clone().unwrap_or_else(|| query.metric.name.clone()))),
                ("Timestamps", Out::List(page.iter().map(|(at, _)| Out::Time(*at)).collect())),
                ("Values", Out::List(page.iter().map(|(_, value)| Out::Double(*value)).collect())),
                ("StatusCode", Out::text(if complete { "Complete" } else { "PartialData" })),
                ("Messages", Out::List(Vec::new())),
            ])
        })
        .collect();
    let mut members = vec![("MetricDataResults", Out::List(results))];
    if more {
        members.push(("NextToken", Out::Text(paging::token("GetMetricData", sent))));
    }
    members.push(("Messages", Out::List(Vec::new())));
    Ok(Out::Structure(members))
}

//! GetMetricStatistics: one metric's statistics per period over a time range, as `Datapoints`
//! (oldest first) with the metric's name as `Label`.

use crate::sim::Simulator;

use super::fault::Fault;
use super::input::Field;
use super::output::Out;
use super::series::{self, Source, Statistic};

/// The most datapoints one call may ask for: CloudWatch's limit.
pub const MAX_DATAPOINTS: i64 = 1440;

/// The parts of a metric that GetMetricStatistics and GetMetricData's `MetricStat` share.
pub struct MetricQuery {
    pub namespace: String,
    pub name: String,
    pub dimensions: Vec<(String, String)>,
}

impl MetricQuery {
    /// `Namespace`, `MetricName` and `Dimensions` of `field`.
    pub fn read(field: &Field) -> Result<Self, Fault> {
        let namespace = field.get("Namespace").required_text()?.to_owned();
        let name = field.get("MetricName").required_text()?.to_owned();
        let dimensions = field.get("Dimensions").list()?;
        if dimensions.len() > 30 {
            return Err(Fault::invalid_value(format!(
                "The collection {} must not have more than 30 members.",
                field.get("Dimensions").name()
            )));
        }
        let dimensions = dimensions
            .iter()
            .map(|d| Ok((d.get("Name").required_text()?.to_owned(), d.get("Value").required_text()?.to_owned())))
            .collect::<Result<_, Fault>>()?;
        Ok(Self { namespace, name, dimensions })
    }

    pub fn source<'s>(&self, simulator: &'s Simulator) -> Option<Source<'s>> {
        let dimensions: Vec<(&str, &str)> = self.dimensions.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        Source::find(simulator, &self.namespace, &self.name, &dimensions)
    }
}

/// `Period` in seconds, checked.
pub fn read_period(field: &Field) -> Result<i64, Fault> {
    let period = field.integer()?.ok_or_else(|| Fault::missing(field.name()))?;
    if !series::valid_period(period) {
        return Err(Fault::invalid_value(format!(
            "The parameter {} must be 1, 5, 10, 30 or a multiple of 60.",
            field.name()
        )));
    }
    Ok(period)
}

/// `StartTime` and `EndTime` in epoch milliseconds, the start before the end.
pub fn read_range(input: &Field) -> Result<(i64, i64), Fault> {
    let start = input.get("StartTime").required_time()?;
    let end = input.get("EndTime").required_time()?;
    if start >= end {
        return Err(Fault::invalid_value("The parameter StartTime must be less than the parameter EndTime."));
    }
    Ok((start, end))
}

pub fn call(simulator: &Simulator, input: &Field) -> Result<Out, Fault> {
    let metric = MetricQuery::read(input)?;
    let (start, end) = read_range(input)?;
    let period = read_period(&input.get("Period"))?;
    let mut statistics = Vec::new();
    for field in input.get("Statistics").list()? {
        let text = field.required_text()?;
        if !Statistic::STANDARD.contains(&text) {
            return Err(Fault::invalid_value(format!(
                "The parameter {} must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ].",
                field.name()
            )));
        }
        // A statistic asked for twice is answered once.
        if let Some(statistic) = Statistic::parse(text).filter(|s| !statistics.contains(s)) {
            statistics.push(statistic);
        }
    }
    // Answered in the model's order, whatever the order asked.
    statistics.sort_by_key(|s| Statistic::STANDARD.iter().position(|name| *name == s.name()));
    let mut extended = Vec::new();
    for field in input.get("ExtendedStatistics").list()? {
        let text = field.required_text()?;
        let percentile = Statistic::parse_percentile(text).ok_or_else(|| {
            Fault::invalid_value(format!(
                "The value {text} for parameter {} is not a percentile such as p99 or p99.9 (p0 to p100).",
                field.name()
            ))
        })?;
        if !extended.contains(&percentile) {
            extended.push(percentile);
        }
    }
    if statistics.is_empty() && extended.is_empty() {
        return Err(Fault::combination(
            "At least one of the parameters Statistics and ExtendedStatistics must be specified.",
        ));
    }
    if statistics.len() > 5 || extended.len() > 10 {
        return Err(Fault::invalid_value(
            "The collection Statistics must not have more than 5 members, ExtendedStatistics not more than 10.",
        ));
    }
    let start = series::range_start(start);
    let requested = (end - start).div_euclid(period * 1000) + i64::from((end - start) % (period * 1000) != 0);
    if requested > MAX_DATAPOINTS {
        return Err(Fault::combination(format!(
            "You have requested up to {requested} datapoints, which exceeds the limit of {MAX_DATAPOINTS}. You may reduce \
             the datapoints requested by increasing Period, or decreasing the time range."
        )));
    }
    let unit = input.get("Unit").text()?;

    let source = metric.source(simulator).filter(|source| unit.is_none_or(|unit| unit == source.unit()));
    let datapoints = match source {
        None => Vec::new(),
        Some(source) => series::by_period(&source.minutes(start, end), start, period * 1000)
            .into_iter()
            .map(|(at, point)| {
                // In the model's order: the five, Unit, ExtendedStatistics.
                let mut members = vec![("Timestamp", Out::Time(at))];
                for statistic in &statistics {
                    let name = statistic.standard_name().unwrap_or_default();
                    members.push((name, Out::Double(statistic.of(&point).unwrap_or_default())));
                }
                members.push(("Unit", Out::text(source.unit())));
                if !extended.is_empty() {
                    let values =
                        extended.iter().filter_map(|p| Some((p.name().to_owned(), Out::Double(p.of(&point)?))));
                    members.push(("ExtendedStatistics", Out::Map(values.collect())));
                }
                Out::Structure(members)
            })
            .collect(),
    };
    Ok(Out::Structure(vec![("Label", Out::Text(metric.name)), ("Datapoints", Out::List(datapoints))]))
}

//! ListMetrics: the metrics that have datapoints, filtered by namespace, name and dimensions, 500
//! to a page. A dimension filter keeps the metrics that have that dimension (with that value,
//! when one is given), so `StreamName=orders` lists the stream's metrics and its shards'.
//! `RecentlyActive=PT3H` keeps those with a datapoint in the last three hours.

use crate::sim::Simulator;

use super::fault::Fault;
use super::input::Field;
use super::output::Out;
use super::paging;
use super::series::{NAMESPACE, Source};

const PAGE: usize = 500;
const THREE_HOURS_MS: i64 = 3 * 3600 * 1000;

pub fn call(simulator: &Simulator, input: &Field, now_ms: i64) -> Result<Out, Fault> {
    let namespace = input.get("Namespace").text()?;
    let name = input.get("MetricName").text()?;
    let filters_field = input.get("Dimensions");
    let filters = filters_field.list()?;
    if filters.len() > 10 {
        return Err(Fault::invalid_value(format!(
            "The collection {} must not have more than 10 members.",
            filters_field.name()
        )));
    }
    let filters = filters
        .iter()
        .map(|f| Ok((f.get("Name").required_text()?, f.get("Value").text()?)))
        .collect::<Result<Vec<_>, Fault>>()?;
    let recent = match input.get("RecentlyActive").text()? {
        None => false,
        Some("PT3H") => true,
        Some(other) => {
            return Err(Fault::invalid_value(format!("The value {other} for parameter RecentlyActive is not PT3H.")));
        }
    };
    let skip = match input.get("NextToken").text()? {
        None => 0,
        Some(token) => paging::position("ListMetrics", token).ok_or_else(Fault::invalid_next_token)? as usize,
    };

    // Every metric here is in AWS/Kinesis.
    let in_namespace = namespace.is_none_or(|n| n == NAMESPACE);
    let matching: Vec<Source> = Source::all(simulator)
        .into_iter()
        .filter(|_| in_namespace)
        .filter(|source| name.is_none_or(|n| n == source.name()))
        .filter(|source| {
            let dimensions = source.dimensions();
            filters.iter().all(|(filter_name, filter_value)| {
                dimensions.iter().any(|(n, v)| n == filter_name && filter_value.is_none_or(|fv| fv == v))
            })
        })
        .filter(|source| !recent || source.latest_ms().is_some_and(|at| at > now_ms - THREE_HOURS_MS))
        .collect();
    let page: Vec<Out> = matching.iter().skip(skip).take(PAGE).map(|source| source.describe()).collect();
    let mut members = vec![("Metrics", Out::List(page))];
    if skip + PAGE < matching.len() {
        members.push(("NextToken", Out::Text(paging::token("ListMetrics", (skip + PAGE) as u64))));
    }
    Ok(Out::Structure(members))
}

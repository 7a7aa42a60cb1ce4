//! The account's limits as DescribeLimits reports them, kept up to date as streams change.
//! Read from the simulator directly: polling DescribeLimits (1 call per second) would spend the
//! learner's own rate limit.

use yew::prelude::*;

use crate::sim::AccountLimits;

#[derive(Properties, PartialEq)]
pub struct LimitsPanelProps {
    pub limits: AccountLimits,
}

#[component]
pub fn LimitsPanel(props: &LimitsPanelProps) -> Html {
    let l = props.limits;
    let figure = |name: &'static str, value: u32, hint: &'static str| {
        html! {
            <div class="figure" title={hint}>
                <dt>{ name }</dt>
                <dd>{ value }</dd>
            </div>
        }
    };
    html! {
        <section class="account-limits" aria-label="Account limits">
            <h2>{ "Account limits" }</h2>
            <dl>
                { figure("OpenShardCount", l.open_shard_count, "Open shards of provisioned streams") }
                { figure("ShardLimit", l.shard_limit, "The shard quota of provisioned streams") }
                { figure("OnDemandStreamCount", l.on_demand_stream_count, "Streams in on-demand mode") }
                { figure("OnDemandStreamCountLimit", l.on_demand_stream_count_limit, "The on-demand stream quota") }
            </dl>
        </section>
    }
}

//! The account's limits as DescribeLimits reports them, kept up to date as streams change, each
//! with what it counts in plain words on the page (not in a tooltip, which touch and keyboard
//! users never see). Read from the view, not by calling DescribeLimits: polling it (1 call per
//! second) would spend the learner's own rate limit.

use yew::prelude::*;

use crate::sim::AccountLimits;

#[derive(Properties, PartialEq)]
pub struct LimitsPanelProps {
    pub limits: AccountLimits,
}

#[component]
pub fn LimitsPanel(props: &LimitsPanelProps) -> Html {
    let l = props.limits;
    let figure = |name: &'static str, value: u32, meaning: &'static str| {
        html! {
            <div class="figure">
                <dt>{ name }</dt>
                <dd class="value">{ value }</dd>
                <dd class="meaning">{ meaning }</dd>
            </div>
        }
    };
    html! {
        <section class="account-limits" aria-label="Account limits">
            <h2>{ "Account limits" }</h2>
            <dl>
                { figure("OpenShardCount", l.open_shard_count, "open shards of provisioned streams") }
                { figure("ShardLimit", l.shard_limit, "the most open shards provisioned streams may have") }
                { figure("OnDemandStreamCount", l.on_demand_stream_count, "streams in on-demand mode") }
                { figure("OnDemandStreamCountLimit", l.on_demand_stream_count_limit, "the most on-demand streams") }
            </dl>
            // The question a learner asks when an on-demand stream lists 4 open shards and
            // OpenShardCount does not move (docs/behaviour.md §5.6, §6.2).
            if l.on_demand_stream_count > 0 {
                <p class="limits-note">
                    { "On-demand streams' shards are not in OpenShardCount: the shard quota is for \
                       provisioned streams. An on-demand stream counts once, against OnDemandStreamCountLimit, \
                       however many shards it has." }
                </p>
            }
        </section>
    }
}

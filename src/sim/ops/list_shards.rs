//! ListShards: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html>
//!
//! Shards of a stream in index order, at most 1000 per call, with a NextToken that expires after
//! 300 s (docs/behaviour.md §5.9). A ShardFilter narrows the list: AT_LATEST to the open shards,
//! AT_TIMESTAMP to those open at a time, FROM_TIMESTAMP to those open then or created later,
//! AT/FROM_TRIM_HORIZON to all within the retention period, AFTER_SHARD_ID to later ids. The
//! ShardId a listing starts after is read by its form like every ShardId input; a shard that is
//! not there still marks where the page starts (docs/behaviour.md §7.2).

use serde::Serialize;

use super::output::ShardOutput;
use super::{InputShape, shard_index};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{EnumValue, LIST_LIMIT, ModelEnum, NEXT_TOKEN, SHARD_ID, STREAM_NAME, ShardFilterType};
use crate::sim::shard_map::Shard;
use crate::sim::stream::StreamStatus;
use crate::sim::token::ShardPageToken;
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// The default page size and the most one call returns.
const MAX_SHARDS_PER_PAGE: usize = 1000;
/// NextToken lifetime (ListShards documentation).
const TOKEN_LIFETIME_MS: i64 = 300_000;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
    shards: Vec<ShardOutput<'a>>,
}

/// A ShardFilter as it travels inside a NextToken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    None,
    Latest,
    TrimHorizon,
    AtTimestamp(i64),
    FromTimestamp(i64),
}

impl Filter {
    fn encode(self) -> String {
        match self {
            Self::None => "-".into(),
            Self::Latest => "L".into(),
            Self::TrimHorizon => "H".into(),
            Self::AtTimestamp(ms) => format!("A{ms}"),
            Self::FromTimestamp(ms) => format!("F{ms}"),
        }
    }

    fn decode(text: &str) -> Option<Self> {
        // By character, not by byte: the token comes from the client and may hold any text.
        let mut chars = text.chars();
        let kind = chars.next()?;
        let rest = chars.as_str();
        Some(match kind {
            '-' if rest.is_empty() => Self::None,
            'L' if rest.is_empty() => Self::Latest,
            'H' if rest.is_empty() => Self::TrimHorizon,
            'A' => Self::AtTimestamp(rest.parse().ok()?),
            'F' => Self::FromTimestamp(rest.parse().ok()?),
            _ => return None,
        })
    }

    fn keeps(self, shard: &Shard) -> bool {
        let open_at = |t: i64| shard.closed_at_ms.is_none_or(|closed| closed > t);
        match self {
            Self::None | Self::TrimHorizon => true,
            Self::Latest => shard.is_open(),
            Self::AtTimestamp(t) => shard.created_at_ms <= t && open_at(t),
            Self::FromTimestamp(t) => open_at(t),
        }
    }
}

fn invalid(message: &str) -> ApiError {
    ApiError::InvalidArgument(message.to_owned())
}

/// ListShardsInput.
struct ListShardsInput<'a> {
    stream_name: Option<&'a str>,
    next_token: Option<&'a str>,
    exclusive_start_shard_id: Option<&'a str>,
    max_results: Option<i32>,
    stream_creation_timestamp: Option<i64>,
    shard_filter: Option<ShardFilter<'a>>,
}

/// The ShardFilter structure.
struct ShardFilter<'a> {
    filter_type: Option<EnumValue<'a, ShardFilterType>>,
    shard_id: Option<&'a str>,
    timestamp: Option<i64>,
}

impl<'a> ShardFilter<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            filter_type: input.enumeration("Type")?,
            shard_id: input.string("ShardId")?,
            timestamp: input.timestamp("Timestamp")?,
        })
    }
}

impl<'a> InputShape<'a> for ListShardsInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            next_token: input.string("NextToken")?,
            exclusive_start_shard_id: input.string("ExclusiveStartShardId")?,
            max_results: input.integer("MaxResults")?,
            stream_creation_timestamp: input.timestamp("StreamCreationTimestamp")?,
            shard_filter: input.structure("ShardFilter")?.map(ShardFilter::read).transpose()?,
        })
    }

    /// Members in alphabetical order, as kinesalite (written against AWS) checks them.
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.string("exclusiveStartShardId", self.exclusive_start_shard_id, &SHARD_ID);
        violations.integer("maxResults", self.max_results, &LIST_LIMIT);
        violations.string("nextToken", self.next_token, &NEXT_TOKEN);
        if let Some(filter) = &self.shard_filter {
            if violations.required("shardFilter.type", filter.filter_type.is_some()) {
                violations.enumeration("shardFilter.type", filter.filter_type);
            }
            violations.string("shardFilter.shardId", filter.shard_id, &SHARD_ID);
        }
        violations.string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

/// What a call lists: named by the request's members, or by its NextToken.
struct Listing {
    stream_name: String,
    /// The stream's creation time, which must match the stream's (to the second) if given.
    created_at_ms: Option<i64>,
    start_after: Option<StartAfter>,
    filter: Filter,
}

/// Where the page starts.
enum StartAfter {
    /// After the shard a NextToken ended its page with.
    Index(u32),
    /// After the ShardId a request names (ExclusiveStartShardId or ShardFilter.ShardId), read by
    /// its form once the call is admitted (docs/behaviour.md §7.2).
    ShardId(String),
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = ListShardsInput::read(input)?;
    request.validate()?;
    let listing = request.listing(now_ms)?;
    account.admit(Operation::ListShards, Some(&listing.stream_name), now_ms)?;
    apply(account, listing, request.max_results, now_ms)
}

impl ListShardsInput<'_> {
    /// The checks of which members go together and of the NextToken, made before the call is
    /// admitted. Texts observed on AWS for the first two (docs/behaviour.md §5.9); the others
    /// follow their pattern (UNVERIFIED).
    fn listing(&self, now_ms: i64) -> Result<Listing, ApiError> {
        let (filter_type, filter_shard_id, filter_timestamp) = match &self.shard_filter {
            Some(filter) => (filter.filter_type.and_then(EnumValue::known), filter.shard_id, filter.timestamp),
            None => (None, None, None),
        };
        match (self.stream_name, self.next_token) {
            (None, None) => Err(invalid("Either NextToken or StreamName should be provided.")),
            (Some(_), Some(_)) => Err(invalid("NextToken and StreamName cannot be provided together.")),
            (None, Some(token)) => {
                if self.exclusive_start_shard_id.is_some() {
                    return Err(invalid("NextToken and ExclusiveStartShardId cannot be provided together."));
                }
                if self.stream_creation_timestamp.is_some() {
                    return Err(invalid("NextToken and StreamCreationTimestamp cannot be provided together."));
                }
                if self.shard_filter.is_some() {
                    return Err(invalid("NextToken and ShardFilter cannot be provided together."));
                }
                let token = ShardPageToken::decode(token).ok_or_else(|| invalid("Invalid NextToken."))?;
                let filter = Filter::decode(&token.filter).ok_or_else(|| invalid("Invalid NextToken."))?;
                // The issue time comes from the client: one in the future was never issued here.
                if token.issued_at_ms > now_ms {
                    return Err(invalid("Invalid NextToken."));
                }
                if now_ms.saturating_sub(token.issued_at_ms) > TOKEN_LIFETIME_MS {
                    return Err(ApiError::ExpiredNextToken(
                        "NextToken has expired. NextTokens expire after 300 seconds.".into(),
                    ));
                }
                Ok(Listing {
                    stream_name: token.stream_name,
                    created_at_ms: Some(token.stream_created_at_ms),
                    start_after: Some(StartAfter::Index(token.after_index)),
                    filter,
                })
            }
            (Some(name), None) => {
                let filter = match filter_type {
                    None | Some(ShardFilterType::AfterShardId) => Filter::None,
                    Some(ShardFilterType::AtLatest) => Filter::Latest,
                    Some(ShardFilterType::AtTrimHorizon | ShardFilterType::FromTrimHorizon) => Filter::TrimHorizon,
                    Some(kind @ (ShardFilterType::AtTimestamp | ShardFilterType::FromTimestamp)) => {
                        let timestamp = filter_timestamp.ok_or_else(|| {
                            invalid(&format!("Timestamp must be provided when ShardFilter Type is {}.", kind.as_str()))
                        })?;
                        if kind == ShardFilterType::AtTimestamp {
                            Filter::AtTimestamp(timestamp)
                        } else {
                            Filter::FromTimestamp(timestamp)
                        }
                    }
                };
                let after = if filter_type == Some(ShardFilterType::AfterShardId) {
                    let after = filter_shard_id
                        .ok_or_else(|| invalid("ShardId must be provided when ShardFilter Type is AFTER_SHARD_ID."))?;
                    Some(after)
                } else {
                    self.exclusive_start_shard_id
                };
                Ok(Listing {
                    stream_name: name.to_owned(),
                    created_at_ms: self.stream_creation_timestamp,
                    start_after: after.map(|text| StartAfter::ShardId(text.to_owned())),
                    filter,
                })
            }
        }
    }
}

fn apply(account: &mut Account, listing: Listing, max_results: Option<i32>, now_ms: i64) -> Result<Response, ApiError> {
    let Listing { stream_name, created_at_ms, start_after, filter } = listing;

    let account_id = &account.config.account_id;
    let start_after = match start_after {
        None => None,
        Some(StartAfter::Index(index)) => Some(index),
        Some(StartAfter::ShardId(text)) => Some(shard_index(&text, &stream_name, account_id)?),
    };
    let stream = account.find(&stream_name)?;
    // A timestamp that does not match names another (deleted) stream of the same name.
    if created_at_ms.is_some_and(|ms| ms.div_euclid(1000) != stream.created_at_ms.div_euclid(1000)) {
        return Err(ApiError::stream_not_found(&stream_name, account_id));
    }
    // Nothing to list until the shards exist; the model declares ResourceInUseException for
    // ListShards, and this is where it fits (UNVERIFIED).
    if stream.status == StreamStatus::Creating {
        stream.require_active(account_id)?;
    }

    let page_size = max_results.map_or(MAX_SHARDS_PER_PAGE, |m| (m as usize).min(MAX_SHARDS_PER_PAGE));
    let mut remaining = stream
        .listed_shards(now_ms)
        .filter(|shard| start_after.is_none_or(|after| shard.index > after))
        .filter(|shard| filter.keeps(shard));
    let page: Vec<&Shard> = remaining.by_ref().take(page_size).collect();
    let next_token = match (remaining.next(), page.last()) {
        (Some(_), Some(last)) => Some(
            ShardPageToken {
                issued_at_ms: now_ms,
                stream_name: stream.name.clone(),
                stream_created_at_ms: stream.created_at_ms,
                after_index: last.index,
                filter: filter.encode(),
            }
            .encode(),
        ),
        _ => None,
    };
    Ok(Response::json(&Output { next_token, shards: page.into_iter().map(ShardOutput::from).collect() }))
}

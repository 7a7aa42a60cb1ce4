//! CloudWatch's errors, as the model declares them: each has an awsQuery code (what `query`
//! clients and the `x-amzn-query-error` header carry) and a shape name (the `__type` of JSON and
//! CBOR answers). The texts follow CloudWatch's "The parameter X …" form; where the service's
//! exact words are not known they are this endpoint's own (docs/behaviour.md §8.4).

#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// The awsQuery error code, e.g. `InvalidParameterValue`.
    pub code: &'static str,
    /// The error shape's name, e.g. `InvalidParameterValueException`.
    pub shape: &'static str,
    pub status: u16,
    pub message: String,
}

impl Fault {
    pub fn invalid_value(message: impl Into<String>) -> Self {
        Self::sender("InvalidParameterValue", "InvalidParameterValueException", message)
    }

    pub fn missing(parameter: &str) -> Self {
        let message = format!("The parameter {parameter} is required.");
        Self::sender("MissingParameter", "MissingRequiredParameterException", message)
    }

    pub fn combination(message: impl Into<String>) -> Self {
        Self::sender("InvalidParameterCombination", "InvalidParameterCombinationException", message)
    }

    pub fn invalid_next_token() -> Self {
        Self::sender("InvalidNextToken", "InvalidNextToken", "The service cannot find the NextToken given.")
    }

    /// An operation of CloudWatch this endpoint does not serve, or none at all.
    pub fn unknown_operation(operation: &str) -> Self {
        let message = format!(
            "kinesis-endpoint serves CloudWatch's GetMetricData, GetMetricStatistics and ListMetrics, not {operation:?}."
        );
        Self::sender("InvalidAction", "UnknownOperationException", message)
    }

    /// Missing or incomplete credentials, with the endpoint's Kinesis texts (`type_name` is the
    /// Kinesis error, e.g. `MissingAuthenticationTokenException`): awsQuery services answer a
    /// missing token with 403.
    pub fn authentication(type_name: &'static str, message: String) -> Self {
        let code = type_name.strip_suffix("Exception").unwrap_or(type_name);
        let status = if code == "MissingAuthenticationToken" { 403 } else { 400 };
        Self { code, shape: type_name, status, message }
    }

    fn sender(code: &'static str, shape: &'static str, message: impl Into<String>) -> Self {
        Self { code, shape, status: 400, message: message.into() }
    }

    /// `Sender` or `Receiver`, as awsQuery answers and the `x-amzn-query-error` header say.
    pub fn party(&self) -> &'static str {
        if self.status < 500 { "Sender" } else { "Receiver" }
    }
}

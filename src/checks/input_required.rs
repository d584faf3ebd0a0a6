//! Multi round-trip requests (2026-07-28): what a server may put in an input-required answer,
//! where it may send one, what it does with the client's answers and the echoed request state,
//! and that it never sends a request of its own. Each check quotes what arrived.

use anyhow::{Result, anyhow, bail};
use serde_json::Value;

use crate::mcp::input_required::Answered;

/// The `resultType` of an answer that asks for input.
pub const INPUT_REQUIRED: &str = "input_required";
/// MissingRequiredClientCapability.
pub const MISSING_CAPABILITY: i64 = -32021;

/// The methods a server may ask the client for within an answer, and the client capability
/// each needs.
const INPUT_METHODS: [(&str, &str); 3] = [
    ("sampling/createMessage", "sampling"),
    ("elicitation/create", "elicitation"),
    ("roots/list", "roots"),
];

/// The input-required result in `answered`, if the answer is one.
pub fn input_required(answered: &Answered) -> Option<&Value> {
    answered
        .result()
        .filter(|result| result.get("resultType").and_then(Value::as_str) == Some(INPUT_REQUIRED))
}

/// The answer asks for input (p26-9 and p26-8 hold, and p26-10 for `declared`); the
/// input-required result.
pub fn asks_for_input<'a>(answered: &'a Answered, declared: &Value) -> Result<&'a Value> {
    let Some(result) = input_required(answered) else {
        bail!(
            "{}: expected an answer asking for input (resultType \"{INPUT_REQUIRED}\"), got {}",
            answered.request,
            shown(answered)
        );
    };
    well_formed(result).map_err(|e| anyhow!("{}: {e}", answered.request))?;
    only_declared(result, declared).map_err(|e| anyhow!("{}: {e}", answered.request))?;
    Ok(result)
}

/// p26-9: `inputRequests` or `requestState`; p26-8: each input request is an elicitation,
/// sampling or roots request (keys are those of a JSON object, unique once parsed).
pub fn well_formed(result: &Value) -> Result<()> {
    let requests = result.get("inputRequests");
    let state = result.get("requestState");
    if requests.is_none() && state.is_none() {
        bail!("an input-required result must carry inputRequests or requestState: {result}");
    }
    if let Some(state) = state
        && !state.is_string()
    {
        bail!("requestState must be a string, got {state}");
    }
    let Some(requests) = requests else {
        return Ok(());
    };
    let Some(requests) = requests.as_object() else {
        bail!("inputRequests must be an object of requests by key, got {requests}");
    };
    for (key, request) in requests {
        input_request(request).map_err(|e| anyhow!("input request \"{key}\": {e}"))?;
    }
    Ok(())
}

/// One input request: a known method, with the params its schema requires.
fn input_request(request: &Value) -> Result<()> {
    let method = request.get("method").and_then(Value::as_str);
    let params = request.get("params");
    match method {
        Some("sampling/createMessage") => {
            let messages = params.and_then(|p| p.get("messages"));
            let max_tokens = params.and_then(|p| p.get("maxTokens"));
            if !messages.is_some_and(Value::is_array) || !max_tokens.is_some_and(Value::is_number) {
                bail!("a sampling request needs messages and maxTokens, got {request}");
            }
        }
        Some("elicitation/create") => {
            if !params
                .and_then(|p| p.get("message"))
                .is_some_and(Value::is_string)
            {
                bail!("an elicitation request needs a message, got {request}");
            }
        }
        Some("roots/list") => {}
        _ => bail!(
            "only elicitation/create, sampling/createMessage and roots/list may be asked for, \
             got {request}"
        ),
    }
    Ok(())
}

/// p26-10: every input request needs a capability `declared` lists (an elicitation in url
/// mode needs `elicitation.url`, one in form mode `elicitation.form` or a bare `elicitation`).
pub fn only_declared(result: &Value, declared: &Value) -> Result<()> {
    let requests = result.get("inputRequests").and_then(Value::as_object);
    for (key, request) in requests.into_iter().flatten() {
        let method = request.get("method").and_then(Value::as_str).unwrap_or("");
        let Some((_, capability)) = INPUT_METHODS.iter().find(|(m, _)| *m == method) else {
            continue;
        };
        let mut ok = declared.get(capability).is_some();
        if *capability == "elicitation" && ok {
            let elicitation = &declared[capability];
            let url = request.pointer("/params/mode") == Some(&Value::from("url"));
            let modes_named = elicitation.get("form").is_some() || elicitation.get("url").is_some();
            ok = match (url, modes_named) {
                (true, _) => elicitation.get("url").is_some(),
                (false, true) => elicitation.get("form").is_some(),
                (false, false) => true,
            };
        }
        if !ok {
            bail!(
                "the server asked (\"{key}\") for {method}, which needs the {capability} \
                 capability the client did not declare (it declared {declared}): {request}"
            );
        }
    }
    Ok(())
}

/// p26-8: no key appears twice in an `inputRequests` object of the frames the server sent
/// (`frames` as the connection logged them: sent by the client, text). A parsed object keeps
/// only one of a duplicated key, so this reads the text.
pub fn unique_input_request_keys(frames: &[(bool, String)]) -> Result<()> {
    for (_, text) in frames
        .iter()
        .filter(|(outgoing, text)| !outgoing && text.contains("inputRequests"))
    {
        let duplicated = duplicate_keys::in_input_requests(text);
        if !duplicated.is_empty() {
            bail!(
                "inputRequests keys must be unique within the request; {duplicated:?} came \
                 twice in: {text}"
            );
        }
    }
    Ok(())
}

/// p26-7: an answer to `method` other than tools/call, prompts/get or resources/read never asks
/// for input.
pub fn no_input_asked_on(method: &str, answered: &Answered) -> Result<()> {
    let may = matches!(method, "tools/call" | "prompts/get" | "resources/read");
    if !may && input_required(answered).is_some() {
        bail!(
            "{}: only tools/call, prompts/get and resources/read may be answered with \
             input_required, got {}",
            answered.request,
            shown(answered)
        );
    }
    Ok(())
}

/// t26-1: among every message the server sent, none is a request of its own.
pub fn no_server_requests(seen: &[Value]) -> Result<()> {
    let requests: Vec<&Value> = seen
        .iter()
        .filter(|m| m.get("method").is_some() && m.get("id").is_some())
        .collect();
    if !requests.is_empty() {
        let listed: Vec<String> = requests.iter().map(|r| format!("  {r}")).collect();
        bail!(
            "under 2026-07-28 a server never sends requests of its own (it asks for input in \
             its answers), yet it sent:\n{}",
            listed.join("\n")
        );
    }
    Ok(())
}

/// The call completed: a result that is neither input_required nor a tool error, whose text
/// contains `expected` when given.
pub fn completed(answered: &Answered, expected: Option<&str>) -> Result<()> {
    let Some(result) = answered
        .result()
        .filter(|_| input_required(answered).is_none())
    else {
        bail!(
            "{}: expected the call's result, got {}",
            answered.request,
            shown(answered)
        );
    };
    if result.get("isError") == Some(&Value::Bool(true)) {
        bail!(
            "{}: the call ended in a tool error: {result}",
            answered.request
        );
    }
    if let Some(expected) = expected
        && !result.to_string().contains(expected)
    {
        bail!(
            "{}: the result does not contain \"{expected}\", the client's input: {result}",
            answered.request
        );
    }
    Ok(())
}

/// v26-7: if the server refuses a call that needs `capability` the client did not declare, it
/// refuses it with -32021 whose `data.requiredCapabilities` names it, over HTTP with 400. (A
/// server that does without the capability answers otherwise, which is not checked here.)
pub fn refusal_names_capability(answered: &Answered, capability: &str) -> Result<()> {
    let error = answered.response.as_ref().and_then(|r| r.get("error"));
    let Some(error) = error else {
        return match answered.status {
            Some(status) if !(200..300).contains(&status) => bail!(
                "{}: refused with HTTP {status} and no JSON-RPC error; a missing client \
                 capability is error {MISSING_CAPABILITY} with status 400",
                answered.request
            ),
            _ => Ok(()),
        };
    };
    let code = error.get("code").and_then(Value::as_i64);
    if code != Some(MISSING_CAPABILITY) {
        bail!(
            "{}: a call needing the undeclared {capability} capability must be refused with \
             {MISSING_CAPABILITY} (missing required client capability), got {error}",
            answered.request
        );
    }
    if error
        .pointer("/data/requiredCapabilities")
        .and_then(|c| c.get(capability))
        .is_none()
    {
        bail!(
            "{}: error {MISSING_CAPABILITY} must list the missing capability in \
             data.requiredCapabilities ({capability}), got {error}",
            answered.request
        );
    }
    match answered.status {
        Some(status) if status != 400 => bail!(
            "{}: error {MISSING_CAPABILITY} over HTTP must come with status 400, got {status}",
            answered.request
        ),
        _ => Ok(()),
    }
}

/// A SHOULD beside v26-7: the call that needs the undeclared capability is refused with -32021
/// rather than answered some other way.
pub fn refused_for_capability(answered: &Answered) -> Result<()> {
    let code = answered
        .response
        .as_ref()
        .and_then(|r| r.pointer("/error/code"));
    if code.and_then(Value::as_i64) != Some(MISSING_CAPABILITY) {
        bail!(
            "{}: a call that needs a capability the client did not declare should be refused \
             with {MISSING_CAPABILITY}; got {}",
            answered.request,
            shown(answered)
        );
    }
    Ok(())
}

/// Whether the answer completes the call successfully.
pub fn is_success(answered: &Answered) -> bool {
    input_required(answered).is_none()
        && answered
            .result()
            .is_some_and(|r| r.get("isError") != Some(&Value::Bool(true)))
}

/// p26-11: the retry with a forged request state was not completed on it; or, if it was, the
/// server does not need its state at all (`stateless` is the answer to the same retry without
/// any state: a completion there means tampering can do nothing worse than fail the request).
pub fn forged_state_refused(forged: &Answered, stateless: Option<&Answered>) -> Result<()> {
    if !is_success(forged) {
        return Ok(());
    }
    match stateless {
        Some(stateless) if is_success(stateless) => Ok(()),
        Some(stateless) => bail!(
            "{}: the server completed the call on a forged request state, although it needs \
             its state (without one it answered {}); a state that fails verification must be \
             refused. It answered: {}",
            forged.request,
            shown(stateless),
            shown(forged)
        ),
        None => bail!(
            "{}: completed on a forged request state: {}",
            forged.request,
            shown(forged)
        ),
    }
}

/// p26-12 (SHOULD): a state issued for another call is not accepted for this one.
pub fn other_calls_state_refused(answered: &Answered) -> Result<()> {
    if is_success(answered) {
        bail!(
            "{}: the server completed the call on the request state it issued for another \
             call; a request state should be bound to the request it was issued for: {}",
            answered.request,
            shown(answered)
        );
    }
    Ok(())
}

/// p26-13 (SHOULD): a retry without the answers asked for is asked again, not refused.
pub fn asked_again(answered: &Answered) -> Result<()> {
    if input_required(answered).is_none() {
        bail!(
            "{}: a retry without the input asked for should be answered with a new \
             input_required asking for it again, got {}",
            answered.request,
            shown(answered)
        );
    }
    Ok(())
}

/// p26-13 (SHOULD): a malformed input response is refused with a JSON-RPC error.
pub fn protocol_error(answered: &Answered) -> Result<()> {
    if answered
        .response
        .as_ref()
        .and_then(|r| r.get("error"))
        .is_none()
    {
        bail!(
            "{}: an input response that is not a valid result should be refused with a \
             JSON-RPC error, got {}",
            answered.request,
            shown(answered)
        );
    }
    Ok(())
}

/// What came back, for a failure message.
fn shown(answered: &Answered) -> String {
    match (&answered.response, answered.status) {
        (Some(response), Some(status)) => format!("HTTP {status} with {response}"),
        (Some(response), None) => response.to_string(),
        (None, Some(status)) => format!("HTTP {status} without a JSON-RPC response"),
        (None, None) => "nothing".to_owned(),
    }
}

/// A walk over JSON text that notes the keys an `inputRequests` object holds twice.
mod duplicate_keys {
    use std::cell::RefCell;
    use std::collections::HashSet;
    use std::fmt;

    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    /// The keys duplicated in any `inputRequests` object of `text` (none for text that is not
    /// JSON).
    pub fn in_input_requests(text: &str) -> Vec<String> {
        let found = RefCell::new(Vec::new());
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let walk = Walk {
            found: &found,
            input_requests: false,
        };
        let _ = walk.deserialize(&mut deserializer);
        found.into_inner()
    }

    #[derive(Clone, Copy)]
    struct Walk<'a> {
        found: &'a RefCell<Vec<String>>,
        /// The value being walked is an `inputRequests` member.
        input_requests: bool,
    }

    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let inner = Walk {
                input_requests: false,
                ..self
            };
            while seq.next_element_seed(inner)?.is_some() {}
            Ok(())
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if self.input_requests && !seen.insert(key.clone()) {
                    self.found.borrow_mut().push(key.clone());
                }
                let inner = Walk {
                    input_requests: key == "inputRequests",
                    ..self
                };
                map.next_value_seed(inner)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answered(response: Value, status: Option<u16>) -> Answered {
        Answered {
            request: "tools/call".to_owned(),
            response: Some(response),
            status,
        }
    }

    fn result(result: Value) -> Answered {
        answered(json!({"jsonrpc": "2.0", "id": 1, "result": result}), None)
    }

    fn sampling_request() -> Value {
        json!({"method": "sampling/createMessage", "params": {"messages": [], "maxTokens": 5}})
    }

    #[test]
    fn an_input_required_result_needs_requests_or_state() {
        let bare = json!({"resultType": "input_required"});
        assert!(well_formed(&bare).is_err());
        assert!(well_formed(&json!({"resultType": "input_required", "requestState": "s"})).is_ok());
    }

    #[test]
    fn only_client_feature_requests_may_be_asked_for() {
        let ping = json!({"resultType": "input_required",
            "inputRequests": {"a": {"method": "ping"}}});
        assert!(well_formed(&ping).is_err());
        let sampling =
            json!({"resultType": "input_required", "inputRequests": {"a": sampling_request()}});
        assert!(well_formed(&sampling).is_ok());
        let no_tokens = json!({"resultType": "input_required",
            "inputRequests": {"a": {"method": "sampling/createMessage", "params": {"messages": []}}}});
        assert!(well_formed(&no_tokens).is_err());
    }

    #[test]
    fn asking_for_an_undeclared_capability_fails() {
        let asked =
            json!({"resultType": "input_required", "inputRequests": {"a": sampling_request()}});
        assert!(only_declared(&asked, &json!({"roots": {}})).is_err());
        assert!(only_declared(&asked, &json!({"sampling": {}})).is_ok());
        let url = json!({"inputRequests": {"b": {"method": "elicitation/create",
            "params": {"mode": "url", "message": "m", "url": "https://x", "elicitationId": "1"}}}});
        assert!(only_declared(&url, &json!({"elicitation": {"form": {}}})).is_err());
        assert!(only_declared(&url, &json!({"elicitation": {"url": {}}})).is_ok());
    }

    #[test]
    fn a_key_asked_twice_fails() {
        let twice = r#"{"id":1,"result":{"resultType":"input_required","inputRequests":{"a":{"method":"roots/list"},"a":{"method":"roots/list"}}}}"#;
        let once = r#"{"id":1,"result":{"resultType":"input_required","inputRequests":{"a":{"method":"roots/list"},"b":{"method":"roots/list"}}}}"#;
        assert!(unique_input_request_keys(&[(false, twice.to_owned())]).is_err());
        assert!(unique_input_request_keys(&[(false, once.to_owned())]).is_ok());
        assert!(unique_input_request_keys(&[(true, twice.to_owned())]).is_ok());
    }

    #[test]
    fn input_required_on_a_list_fails() {
        let asked = result(json!({"resultType": "input_required", "requestState": "s"}));
        assert!(no_input_asked_on("tools/list", &asked).is_err());
        assert!(no_input_asked_on("tools/call", &asked).is_ok());
        let listed = result(json!({"resultType": "complete", "tools": []}));
        assert!(no_input_asked_on("tools/list", &listed).is_ok());
    }

    #[test]
    fn a_server_request_fails() {
        let request = json!({"jsonrpc": "2.0", "id": 0, "method": "sampling/createMessage"});
        let note = json!({"jsonrpc": "2.0", "method": "notifications/progress"});
        assert!(no_server_requests(&[note.clone(), request]).is_err());
        assert!(no_server_requests(&[note]).is_ok());
    }

    #[test]
    fn a_wrong_refusal_for_a_missing_capability_fails() {
        let error = |code: i64, data: Value| json!({"jsonrpc": "2.0", "id": 1, "error": {"code": code, "message": "m", "data": data}});
        let named = json!({"requiredCapabilities": {"sampling": {}}});
        let right = answered(error(-32021, named.clone()), Some(400));
        assert!(refusal_names_capability(&right, "sampling").is_ok());
        let code = answered(error(-32602, named.clone()), Some(400));
        assert!(refusal_names_capability(&code, "sampling").is_err());
        let unnamed = answered(error(-32021, json!({"requiredCapabilities": {}})), None);
        assert!(refusal_names_capability(&unnamed, "sampling").is_err());
        let status = answered(error(-32021, named), Some(200));
        assert!(refusal_names_capability(&status, "sampling").is_err());
        let tool_error = result(json!({"content": [], "isError": true}));
        assert!(refusal_names_capability(&tool_error, "sampling").is_ok());
        assert!(refused_for_capability(&tool_error).is_err());
    }

    #[test]
    fn completing_on_a_forged_state_fails_when_the_state_matters() {
        let done = result(json!({"resultType": "complete", "content": []}));
        let again = result(json!({"resultType": "input_required", "requestState": "s"}));
        let refused = answered(
            json!({"jsonrpc": "2.0", "id": 1,
            "error": {"code": -32602, "message": "bad state"}}),
            None,
        );
        assert!(forged_state_refused(&done, Some(&again)).is_err());
        assert!(forged_state_refused(&done, Some(&done)).is_ok());
        assert!(forged_state_refused(&refused, None).is_ok());
        assert!(forged_state_refused(&again, None).is_ok());
    }
}

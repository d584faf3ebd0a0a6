//! URL mode elicitation (2025-11-25): the server sends the user to a web page for what must not
//! pass through the client (connecting an account, a payment). The request names the page and
//! an id; a notice may later say that elicitation is complete; a server that cannot proceed
//! without one may refuse the request with -32042, listing the pages to visit.

use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;

use crate::mcp::jsonrpc::{Reply, pretty};

/// JSON-RPC error code: the request needs URL mode elicitations completed first.
pub const URL_ELICITATION_REQUIRED: i64 = -32042;

/// Query or fragment parameters whose names say they carry a credential or a user's secret.
const SECRET_NAMES: [&str; 12] = [
    "token",
    "access_token",
    "id_token",
    "refresh_token",
    "password",
    "passwd",
    "secret",
    "api_key",
    "apikey",
    "key",
    "session",
    "code",
];

/// A URL mode `elicitation/create` (or an entry of a -32042 error's list): mode `url`, a
/// message, an elicitation id and a valid URL. Returns the id.
pub fn url_elicitation(params: &Value) -> Result<String> {
    let text = |member: &str| {
        params
            .get(member)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
    };
    ensure!(
        params.get("mode").and_then(Value::as_str) == Some("url"),
        "a URL elicitation has mode \"url\":\n{}",
        pretty(params)
    );
    ensure!(
        !text("message").is_empty(),
        "a URL elicitation has a message for the user:\n{}",
        pretty(params)
    );
    ensure!(
        !text("elicitationId").is_empty(),
        "a URL elicitation has an elicitationId:\n{}",
        pretty(params)
    );
    let url = text("url");
    reqwest::Url::parse(url)
        .with_context(|| format!("the url \"{url}\" of a URL elicitation is not a valid URL"))?;
    Ok(text("elicitationId").to_owned())
}

/// The page's URL carries no credentials: no user name or password, and no parameter whose
/// name says it holds a token, key, password or session (a pre-authenticated link).
pub fn carries_no_credentials(params: &Value) -> Result<()> {
    let raw = params
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let url = reqwest::Url::parse(raw).with_context(|| format!("\"{raw}\" is not a valid URL"))?;
    ensure!(
        url.username().is_empty() && url.password().is_none(),
        "the URL of a URL elicitation must not carry credentials, it has a user name or password: {raw}"
    );
    let fragment = url
        .fragment()
        .map(|f| reqwest::Url::parse(&format!("x:?{f}")).ok());
    let fragment_pairs = fragment
        .flatten()
        .map(|f| f.query_pairs().into_owned().collect::<Vec<_>>());
    let pairs = url
        .query_pairs()
        .into_owned()
        .chain(fragment_pairs.unwrap_or_default());
    for (name, _) in pairs {
        let lowered = name.to_ascii_lowercase();
        ensure!(
            !SECRET_NAMES.contains(&lowered.as_str()),
            "the URL of a URL elicitation must not carry a user's secret or pre-authenticate the \
             page; it has the parameter \"{name}\": {raw}"
        );
    }
    Ok(())
}

/// Every `notifications/elicitation/complete` names an elicitation this client was sent.
/// Returns how many there were.
pub fn completions_name_sent(completions: &[Value], sent_ids: &[String]) -> Result<usize> {
    for params in completions {
        let id = params
            .get("elicitationId")
            .and_then(Value::as_str)
            .unwrap_or("");
        ensure!(
            sent_ids.iter().any(|sent| sent == id),
            "notifications/elicitation/complete must name the elicitationId of an elicitation \
             sent to this client (sent: {sent_ids:?}), got:\n{}",
            pretty(params)
        );
    }
    Ok(completions.len())
}

/// A -32042 refusal lists the URL mode elicitations to complete, each with an id. Any other
/// reply is `None` (the server chose another way; the statement applies to -32042 only).
pub fn url_elicitation_required(request: &str, reply: &Reply) -> Result<Option<usize>> {
    let Err(error) = reply else { return Ok(None) };
    if error.code != URL_ELICITATION_REQUIRED {
        return Ok(None);
    }
    let listed = error
        .data
        .as_ref()
        .and_then(|data| data.get("elicitations"))
        .and_then(Value::as_array);
    let Some(listed) = listed.filter(|list| !list.is_empty()) else {
        bail!(
            "{request}: a -32042 error lists the elicitations to complete in data.elicitations, got {error}"
        );
    };
    for elicitation in listed {
        url_elicitation(elicitation).with_context(|| format!("{request}: in the -32042 error"))?;
    }
    Ok(Some(listed.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mcp::jsonrpc::RpcError;
    use serde_json::json;

    fn page(url: &str) -> Value {
        json!({"mode": "url", "message": "Connect", "elicitationId": "e1", "url": url})
    }

    #[test]
    fn a_well_formed_request_names_its_id() {
        assert_eq!(
            url_elicitation(&page("https://example.com/connect?elicitationId=e1")).unwrap(),
            "e1"
        );
        assert!(url_elicitation(&page("not a url")).is_err());
        assert!(
            url_elicitation(&json!({"mode": "url", "message": "m", "url": "https://x"})).is_err()
        );
    }

    #[test]
    fn credentials_in_the_url_fail() {
        carries_no_credentials(&page("https://example.com/connect?elicitationId=e1")).unwrap();
        assert!(carries_no_credentials(&page("https://ada:pw@example.com/")).is_err());
        assert!(carries_no_credentials(&page("https://example.com/?access_token=abc")).is_err());
        assert!(carries_no_credentials(&page("https://example.com/#token=abc")).is_err());
    }

    #[test]
    fn a_completion_for_another_elicitation_fails() {
        let sent = vec!["e1".to_owned()];
        assert_eq!(
            completions_name_sent(&[json!({"elicitationId": "e1"})], &sent).unwrap(),
            1
        );
        assert!(completions_name_sent(&[json!({"elicitationId": "e2"})], &sent).is_err());
    }

    #[test]
    fn a_refusal_without_its_list_fails() {
        let refusal = |data| {
            Err(RpcError {
                code: -32042,
                message: "m".into(),
                data,
            })
        };
        let listed = Some(json!({"elicitations": [page("https://example.com/c")]}));
        assert_eq!(
            url_elicitation_required("r", &refusal(listed)).unwrap(),
            Some(1)
        );
        assert!(url_elicitation_required("r", &refusal(Some(json!({})))).is_err());
        assert_eq!(url_elicitation_required("r", &Ok(json!({}))).unwrap(), None);
    }
}

@auth @http
Feature: Bearer JWT authorization over streamable HTTP
  A server that declares bearer auth in the registry (auth = { kind = "bearer-jwt", issuer,
  audience }) accepts only RS256 tokens signed by a key of the suite's JWKS
  (MCP_ACCEPTANCE_JWKS_URL), from its issuer, for its audience, within their validity. Anything
  else is refused with 401 and a WWW-Authenticate: Bearer challenge; when the challenge names
  resource_metadata, that document (RFC 9728) names the resource and the issuer.

  These scenarios address the server under test (MCP_SUT) when it declares bearer auth, and the
  registered "reference-jwt" when no server was chosen; a chosen server without bearer auth skips
  them with the reason.

  The specification (docs/spec/004-authorization.md): the server validates every token it gets
  (signature, expiry, issuer, audience: auth-5, auth-6, auth-8, auth-9), refuses a bad one with
  401 and a Bearer challenge (auth-7, auth-10), and publishes protected-resource metadata naming
  an authorization server (auth-1, auth-2).

  Background:
    Given a server requiring bearer JWTs: the server under test, or else the registered "reference-jwt"

  Rule: A request without a valid bearer token is refused with a Bearer challenge

    @spec-auth-1 @spec-auth-2 @spec-auth-5 @spec-auth-6 @spec-auth-7 @spec-auth-8 @spec-auth-9 @spec-auth-10
    Scenario Outline: initialize with <credentials> is refused
      Given a raw connection to the server under test over http
      When the client sends initialize with <credentials>
      Then the server refuses it with HTTP status 401
      And the refusal challenges the client for a Bearer token

      Examples:
        | credentials                               |
        | no Authorization header                   |
        | a malformed Authorization header          |
        | an expired token                          |
        | a token not yet valid                     |
        | a token for another audience              |
        | a token from another issuer               |
        | a token with an unknown kid               |
        | a token with a tampered signature         |
        | an unsigned token with alg none           |
        | an HS256 token signed with the public key |

    @spec-auth-5 @spec-auth-7
    Scenario: a token naming a kid the JWKS does not hold is refused
      Given a raw connection to the server under test over http
      And a token with the claims:
        """json
        {"scope": "mcp:tools"}
        """
      And the token names the kid "rotated-away"
      When the client sends initialize with that token
      Then the server refuses it with HTTP status 401
      And the refusal challenges the client for a Bearer token

  Rule: A valid token opens a session

    Scenario: a valid token with further claims is accepted
      Given a raw connection to the server under test over http
      And a token with the claims:
        """json
        {"scope": "mcp:tools", "client_id": "mcp-acceptance"}
        """
      When the client sends initialize with that token
      Then the call succeeds

    Scenario: a client with a valid token initializes, lists and calls tools
      Given a client connected to the server under test over http with a valid token
      When the client lists the tools
      Then the tools include the sample tool
      When the client calls the sample tool
      Then the call succeeds

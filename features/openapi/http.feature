@openapi @http
Feature: The bridge over streamable HTTP, behind bearer JWTs
  Over HTTP the suite starts the bridge with `--transport http --auth-authority ISS
  --auth-audience AUD --auth-jwks-uri URL` (the
  code-mcp plan's flags, aliases of the serving helper's --issuer, --audience, --jwks-url) the
  bridge accepts only RS256 tokens from the suite's JWKS for that issuer and audience, and
  publishes its protected-resource metadata (RFC 9728). The audience is a URL, so it is also
  the resource identifier the metadata names (the plan's "test-audience" is not a URL, which
  RFC 9728 requires of a resource).
  Requirement page: docs/requirements/000-codemcp.md

  Background:
    Given the pet store API is running
    And the OpenAPI bridge holds the API bearer token

  @ac-codemcp-test_http_list_tools
  Scenario: a client with a valid token lists the tools
    Given a client connected to the server under test over http with a valid token
    When the client lists the tools
    Then the tools are exactly "list_apis, list_functions, get_function_docs, search_docs, get_schema, execute_script"

  @ac-codemcp-test_http_execute_script
  Scenario: a client with a valid token runs a script
    Given a client connected to the server under test over http with a valid token
    When the client runs the script:
      """lua
      return sdk.list_pets()
      """
    Then the script result includes:
      """json
      {"total": 4}
      """
    And the script made 1 API call
    And the pet store received exactly the requests "GET /pets"

  @ac-codemcp-test_http_auth_required
  Scenario Outline: a request with <credentials> is refused
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

  @ac-codemcp-test_http_well_known
  Scenario: the protected-resource metadata names the audience and the issuer
    Given a raw connection to the server under test over http
    When the client sends initialize with no Authorization header
    And the client fetches the protected-resource metadata the challenge names
    Then the metadata names the bridge's audience as the resource and its issuer as an authorization server

@external @contextforge @gateway
Feature: The ContextForge gateway serves our time server behind one authenticated endpoint
  The full flow of the gateway stack: an administrator with a gateway JWT registers our time
  server with the gateway over streamable HTTP or SSE, groups its tool into a virtual server, and
  clients reach get_current_time through the gateway's streamable HTTP and SSE endpoints, the
  virtual server's, and the gateway's stdio wrapper. The gateway refuses clients without a
  token and keeps its registrations in its SQLite database.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed
    And a ContextForge gateway on SQLite
    And a gateway JWT for its administrator

  @ac-gateway-1 @ac-gateway-4
  Scenario Outline: A time server registered over <remote> is callable through the gateway and persisted
    Given the time server is reachable over <transport>
    When the administrator registers it with the gateway as "<name>" over <transport>
    Then the call succeeds
    And the gateway's REST API lists the tool "<tool>"
    When a client connects to the gateway over http with the token
    And the client lists the tools
    Then the tools include "<tool>"
    And the client gets the current time in "Asia/Tokyo" from "<tool>"
    When a client connects to the gateway over sse with the token
    And the client lists the tools
    Then the tools include "<tool>"
    And the client gets the current time in "Africa/Cairo" from "<tool>"
    And the gateway's database holds the gateway "<name>" and the tool "<tool>"

    Examples:
      | remote          | transport | name      | tool                          |
      | streamable HTTP | http      | time-http | time-http-get-current-time    |
      | SSE             | sse       | time-sse  | time-sse-get-current-time     |

  @ac-gateway-1 @ac-gateway-4
  Scenario: A virtual server offers the registered tool on its own endpoint
    Given the time server registered with the gateway as "time-http" over http
    When the administrator creates a virtual server "e2e-time" with the tool "time-http-get-current-time"
    Then the call succeeds with HTTP status 201
    When a client connects to the virtual server over http with the token
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the client gets the current time in "America/New_York" from "time-http-get-current-time"
    When a client connects to the virtual server over sse with the token
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the client gets the current time in "Asia/Kolkata" from "time-http-get-current-time"
    And the gateway's database holds the virtual server with the tool "time-http-get-current-time"

  @tier-minimal @ac-gateway-1 @ac-gateway-3
  Scenario: A stdio client reaches the virtual server through the gateway's wrapper
    Given the time server registered with the gateway as "time-http" over http
    And a virtual server "e2e-time" with the tool "time-http-get-current-time"
    When a client connects to the gateway's wrapper for the virtual server over stdio with the token
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the client gets the current time in "UTC" from "time-http-get-current-time"

  @tier-minimal @ac-gateway-3
  Scenario: Without a token the gateway refuses MCP and REST clients
    When a client sends initialize to the gateway over http without a token
    Then the server refuses it with HTTP status 401
    When a client sends GET "/sse" to the gateway without a token
    Then the server refuses it with HTTP status 401
    When a client sends GET "/tools" to the gateway without a token
    Then the server refuses it with HTTP status 401
    When a client sends GET "/tools" to the gateway with the token
    Then the call succeeds with HTTP status 200

  @ac-gateway-3
  Scenario: The wrapper with an invalid token answers with an error instead of hanging
    When a client sends initialize with id 1 over stdio to the gateway's wrapper with an invalid token
    Then the wrapper answers with a JSON-RPC error naming HTTP 401

  # Known defect of mcp-contextforge-gateway 1.0.7 (mcpgateway.wrapper): when the gateway refuses
  # the token, the wrapper answers `{"jsonrpc":"2.0","id":"bridge","error":{"code":401,
  # "message":"HTTP 401"}}` and exits: the id is not the request's (a client cannot correlate it;
  # rmcp reports "uncorrelated error response") and 401 is not a JSON-RPC error code (the
  # requirements expect -32603, internal error).
  @ac-gateway-3 @known-defect
  Scenario: The wrapper's auth error answers the client's request with an internal error
    When a client sends initialize with id 1 over stdio to the gateway's wrapper with an invalid token
    Then the error answers id 1 with code -32603

  # Known defect of mcp-contextforge-gateway 1.0.7: POST /gateways answers 200 OK (202 while
  # pending), not 201 Created as the requirements' test expects of a created registration
  # (POST /servers does answer 201). The flow above accepts any 2xx; this scenario records the gap.
  @known-defect
  Scenario: Registering a server answers 201 Created
    Given the time server is reachable over http
    When the administrator registers it with the gateway as "time-http" over http
    Then the call succeeds with HTTP status 201

@external @contextforge @gateway
Feature: ContextForge translate carries our time server across transports
  ContextForge's `translate` exposes a stdio MCP server over streamable HTTP or SSE, and brings a
  remote streamable HTTP or SSE server to stdio. In every direction it supports, a client lists
  and calls get_current_time through it as if it spoke to the time server itself.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed

  @tier-basic @ac-gateway-2
  Scenario Outline: translate exposes the stdio time server over <remote>
    Given ContextForge translate exposes the stdio time server over <transport>
    When a client connects to ContextForge translate over <transport>
    And the client lists the tools
    Then the tools include "get_current_time"
    And the client gets the current time in "Asia/Tokyo" from "get_current_time"

    Examples:
      | remote          | transport |
      | streamable HTTP | http      |
      | SSE             | sse       |

  # Over SSE translate reaches remote servers that announce an absolute message endpoint, as
  # its own SSE side does; see the known defect below for relative ones.
  @tier-basic @ac-gateway-2
  Scenario: translate brings a remote SSE server to a stdio client
    Given ContextForge translate exposes the stdio time server over sse
    And ContextForge translate connected to it over sse
    When a client connects to ContextForge translate over stdio
    And the client lists the tools
    Then the tools include "get_current_time"
    And the client gets the current time in "Europe/Paris" from "get_current_time"

  # Known defect of mcp-contextforge-gateway 1.0.7 (translate --connect-sse): it POSTs to the
  # `endpoint` event's data as-is, so a relative endpoint (`/message?sessionId=…`, what our time
  # server and the official SDKs announce) fails with "Request URL is missing an 'http://' or
  # 'https://' protocol" and no request reaches the server. The SSE transport lets the endpoint
  # be relative to the stream's URL.
  @ac-gateway-2 @known-defect
  Scenario: translate brings the time server's own SSE endpoint to a stdio client
    Given the time server is reachable over sse
    And ContextForge translate connected to it over sse
    When a client connects to ContextForge translate over stdio
    And the client lists the tools
    Then the tools include "get_current_time"
    And the client gets the current time in "Europe/Paris" from "get_current_time"

  # Known defect of mcp-contextforge-gateway 1.0.7 (translate --connect-streamable-http): before
  # any initialize it opens `GET /mcp` without a session, which a spec-conforming server answers
  # 400; it retries 5 times and gives up. Its POSTs send no `Accept: application/json,
  # text/event-stream` and no `Mcp-Session-Id`, and it writes the raw body of an SSE-framed
  # answer to the client. Our client's initialize never gets an answer.
  @ac-gateway-2 @known-defect
  Scenario: translate brings the time server on streamable HTTP to a stdio client
    Given the time server is reachable over http
    And ContextForge translate connected to it over http
    When a client connects to ContextForge translate over stdio
    And the client lists the tools
    Then the tools include "get_current_time"
    And the client gets the current time in "Europe/Paris" from "get_current_time"

@gateway
Feature: The transport matrix: every client reaches the time server on every transport
  The time server serves on stdio, legacy SSE or streamable HTTP; a client speaks one of the
  three. When both speak the same transport the client reaches the server directly, otherwise
  through one mcp-bridge that translates. Whatever the route, the client sees the time server
  itself: its identity, its tools, its answers (naming the transport that served them), a
  conversion between timezones, its errors with code, message and data, and its progress
  notifications under the client's own token. Each row reports the round-trip latency of its
  route.
  Requirement page: docs/requirements/001-gateway.md

  @matrix @ac-gateway-2
  Scenario Outline: A client over <client> uses the time server serving over <server>
    Given the time server serving over <server>
    And a client connected to it directly or through a bridge over <client>
    Then the client sees the time server's own identity
    When the client lists the tools
    Then the tools include "get_current_time, convert_time"
    When the client asks for the current time in "Europe/Paris"
    Then the answer gives the time in "Europe/Paris" as served over <server>
    When the client asks for the current time in "Mars/Olympus"
    Then the answer is the error -32602 naming "Mars/Olympus" in its message and data
    When the client converts "2026-07-01 12:00:00" from "Europe/Paris" to "Asia/Tokyo"
    Then the answer is "2026-07-01T19:00:00+09:00", converted from "2026-07-01T12:00:00+02:00"
    When the client asks for the current time with a progress token
    Then progress arrives under that token with the answer
    When the client asks for the current time 30 times
    Then the round-trip latency of the route is reported
    When the client disconnects
    Then no process of the route is left within 10 seconds

    # The rows are grouped by the gateway document's test tiers (README, "Tiers").
    @tier-minimal
    Examples: stdio only, no translation
      | server | client |
      | stdio  | stdio  |

    @tier-basic
    Examples: stdio and SSE, translated both ways
      | server | client |
      | stdio  | sse    |
      | sse    | stdio  |
      | sse    | sse    |

    @tier-standard
    Examples: streamable HTTP on either side completes the matrix
      | server | client |
      | stdio  | http   |
      | sse    | http   |
      | http   | stdio  |
      | http   | sse    |
      | http   | http   |

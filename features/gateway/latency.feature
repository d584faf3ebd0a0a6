@gateway @latency
Feature: Latency baselines of the gateway stack
  The performance baselines of the gateway document, measured on the bundled time server and
  mcp-bridge: a complete client-to-backend-to-client cycle within 500 ms, less than 50 ms added
  per protocol translation hop, and less than 100 ms added by token validation and session
  establishment. Round trips are timed by the client after a few warm-up calls; every
  measurement is printed, and the table of the whole run follows the closing summary.
  Requirement page: docs/requirements/001-gateway.md

  @ac-gateway-latency-end-to-end
  Scenario: End to end: client, bridge, time server and back within 500 ms
    Given the time server serving over http
    And a client connected to it through a bridge over stdio
    When the client asks for the current time 50 times
    Then the round-trip latency of the route is reported
    And 95% of the round trips took less than 500 ms

  @ac-gateway-latency-translation-hop
  Scenario: One translation hop adds less than 50 ms
    Given the time server serving over http
    And a client "direct" connected to it directly over http
    And a client "bridged" connected to it through a bridge over http
    When "direct" and "bridged" each ask for the current time 50 times
    Then the median round trip of "bridged" exceeds that of "direct" by less than 50 ms

  @ac-gateway-latency-authentication
  Scenario: Token validation and session establishment add less than 100 ms
    When "anonymous" opens a session 20 times to the time server over http
    And "authenticated" opens a session 20 times to the time server requiring bearer tokens over http with a valid token
    Then the median session opening of "authenticated" exceeds that of "anonymous" by less than 100 ms

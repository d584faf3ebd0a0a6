@protocol @smoke
Feature: Smoke check
  The quickest proof that a server speaks MCP: it completes the handshake, lists its tools and
  runs one, on every transport it offers.

  Scenario Outline: Handshake, list and call over <transport>
    Given a client connected to the server under test over <transport>
    When the client lists the tools
    Then the tools include the sample tool
    When the client calls the sample tool
    Then the call succeeds
    And the result text contains the sample tool's expected text

    Examples:
      | transport |
      | stdio     |
      | http      |
      | sse       |

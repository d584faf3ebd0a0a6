@external @contextforge @gateway
Feature: ContextForge gateways federate: a peer's tools are reachable through the first gateway
  Two gateway instances, each with its own database. The time server is registered with the
  peer; the peer gateway itself is registered with the first gateway (with a token for it).
  A client of the first gateway then lists and calls the time server's tool through both.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed

  @tier-enterprise @ac-gateway-5
  Scenario: A tool of the peer gateway is callable through the first gateway
    Given a ContextForge gateway on SQLite
    And a ContextForge gateway "peer" on SQLite
    And a gateway JWT for its administrator
    And the time server registered with the gateway "peer" as "time-http" over http
    When the administrator registers the gateway "peer" with the gateway as "peer"
    Then the call succeeds
    When a client connects to the gateway over http with the token
    And the client lists the tools
    Then the tools include "peer-time-http-get-current-time"
    And the client gets the current time in "Australia/Sydney" from "peer-time-http-get-current-time"

@external @contextforge @gateway @postgres
Feature: On PostgreSQL, the ContextForge gateway persists its registrations there
  The gateway's database tier: the gateway migrates a PostgreSQL database of the scenario's
  own, and the full flow (a registered time server, a virtual server, a call through the
  gateway) leaves its rows in the tables the requirements name. Without PostgreSQL installed
  this is skipped with the reason.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed
    And a PostgreSQL server for the gateway's database
    And a ContextForge gateway on PostgreSQL
    And a gateway JWT for its administrator

  @ac-gateway-4
  Scenario: Registrations and the virtual server are rows in PostgreSQL
    Given the time server registered with the gateway as "time-http" over http
    And a virtual server "e2e-time" with the tool "time-http-get-current-time"
    When a client connects to the virtual server over http with the token
    Then the client gets the current time in "Europe/Berlin" from "time-http-get-current-time"
    And the gateway's PostgreSQL database holds the gateway "time-http", the virtual server and the tool "time-http-get-current-time"

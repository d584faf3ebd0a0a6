@external @contextforge @gateway
Feature: Several tenants share one ContextForge gateway, each reaching only its own team's servers
  The gateway's multi-tenancy: the administrator gives each tenant a user and a team of its own,
  and each tenant creates a virtual server only its team sees. Each tenant runs the gateway's
  stdio wrapper with a token of its own and reaches its team's server through it, and not the
  other's (the gateway refuses it); the gateway lists to each tenant only its own team's servers.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed
    And a ContextForge gateway on SQLite
    And a gateway JWT for its administrator

  @tier-enterprise @ac-gateway-tier-enterprise-multi-tenant
  Scenario: Each tenant's wrapper reaches its own team's virtual server, and no tenant sees the other's
    Given the time server registered with the gateway as "time-http" over http
    And the tenants "alice" and "bob", each in a team of its own
    And "alice" creates a virtual server "alice-time" for its team with the tool "time-http-get-current-time"
    And "bob" creates a virtual server "bob-time" for its team with the tool "time-http-get-current-time"
    When a client connects to the gateway's wrapper for the virtual server "alice-time" over stdio with the token of "alice"
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the client gets the current time in "Europe/Paris" from "time-http-get-current-time"
    When a client connects to the gateway's wrapper for the virtual server "bob-time" over stdio with the token of "bob"
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the client gets the current time in "America/Chicago" from "time-http-get-current-time"
    And the virtual servers listed to "alice" are exactly "alice-time"
    And the virtual servers listed to "bob" are exactly "bob-time"
    When a client tries to connect to the gateway's wrapper for the virtual server "bob-time" over stdio with the token of "alice"
    Then the attempt fails within 20 seconds
    And the failure says "HTTP 403"

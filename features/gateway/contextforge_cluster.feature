@external @contextforge @gateway @redis @postgres
Feature: ContextForge gateways in cluster mode share one PostgreSQL and one Redis
  Two gateway instances keep their state in the same PostgreSQL database and their cache in the
  same Redis, as the instances of a cluster do behind a load balancer. What is registered
  through one is listed and callable through the other, and a change made through one is
  honoured by the other at once, although each keeps the tools it looked up in a cache of its
  own memory (for a minute) besides the shared Redis: the gateways tell each other, through
  Redis, which entries to drop. Without Redis or PostgreSQL installed this is skipped with the
  reason.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed
    And a Redis server for the gateway's cache
    And a PostgreSQL server for the gateway's database
    And a ContextForge gateway on PostgreSQL
    And a ContextForge gateway "other" on PostgreSQL
    And a gateway JWT for its administrator

  @tier-enterprise @ac-gateway-tier-enterprise-cluster @ac-gateway-cache-consistency
  Scenario: A server registered through one gateway is served by the other, which honours a change made through the first
    Given the time server registered with the gateway as "time-http" over http
    When a client connects to the gateway "other" over http with the token
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the client gets the current time in "Asia/Tokyo" from "time-http-get-current-time"
    When the administrator deactivates the tool "time-http-get-current-time"
    Then the call succeeds
    And the client's call of "time-http-get-current-time" is refused as inactive
    When the administrator activates the tool "time-http-get-current-time"
    Then the call succeeds
    And the client gets the current time in "Europe/Rome" from "time-http-get-current-time"

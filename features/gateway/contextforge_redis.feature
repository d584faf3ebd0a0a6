@external @contextforge @gateway @redis
Feature: With Redis, the ContextForge gateway keeps its cache in Redis
  The gateway's cache tier: with `CACHE_TYPE=redis` the same flow (a registered time server, a
  call through the gateway) leaves the gateway's entries in the scenario's own Redis. Without
  redis-server installed these scenarios are skipped with the reason.
  Requirement page: docs/requirements/001-gateway.md

  Background:
    Given ContextForge is installed
    And a Redis server for the gateway's cache
    And a ContextForge gateway on SQLite
    And a gateway JWT for its administrator
    And the time server registered with the gateway as "time-http" over http

  @tier-basic @ac-gateway-4
  Scenario: A call through the gateway leaves the gateway's entries in Redis
    When a client connects to the gateway over http with the token
    Then the client gets the current time in "UTC" from "time-http-get-current-time"
    And the Redis cache holds keys starting with "mcpgw:auth:user:"
    And the Redis cache holds keys starting with "ratelimit:"

  # Known defect (against the requirements' harness): `verify_redis_cache` expects a cached tool
  # list under the key `tools:list`; ContextForge 1.0.7 keeps its entries under `mcpgw:…` (auth,
  # sessions), `ratelimit:…` and `gateway_service_leader`, and no `tools:list` key appears
  # after tools are listed.
  @ac-gateway-4 @known-defect
  Scenario: The tool list is cached in Redis under "tools:list"
    When a client connects to the gateway over http with the token
    And the client lists the tools
    Then the tools include "time-http-get-current-time"
    And the Redis cache holds the key "tools:list"

  # The gateway caches the tool a call names (its configuration, looked up on every call), not
  # the call's answer: a tool's answer may change from call to call (the current time does).
  @ac-gateway-latency-cache-hit-rate
  Scenario: Repeated calls of a tool within a session find it in the gateway's cache
    When a client connects to the gateway over http with the token
    And the client asks "time-http-get-current-time" for the current time 40 times
    Then more than 95% of those calls found the tool in the gateway's cache

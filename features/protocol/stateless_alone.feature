@protocol @stateless @http
Feature: A server of the stateless protocol alone (2026-07-28)
  A server that speaks 2026-07-28 and no older protocol version has no standalone event stream
  and no sessions over streamable HTTP: it should refuse GET and DELETE of its endpoint with
  status 405, and should ignore a session id or a last event id a request carries (t26-15).
  These are recommendations: a server that misses them passes with a warning.

  A server that also speaks an older version (whose clients use GET streams and sessions) is
  skipped with the reason. These scenarios run when the server answers server/discover, as the
  other stateless features. The IDs name statements of docs/spec/012-delta-2026-07-28.md.

  Rule: No GET stream, no DELETE, no sessions

    @spec-t26-15
    Scenario: GET, DELETE and a session id on a server of the stateless protocol alone
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      And the server speaks no protocol version older than 2026-07-28
      When the client opens an event stream with GET
      Then the server should refuse it with HTTP status 405
      When the client ends a made-up session with DELETE
      Then the server should refuse it with HTTP status 405
      And listing the tools in a made-up session should be served as if it named none

@transports @sse
Feature: The legacy HTTP+SSE transport checks where a browser request comes from
  A web page of another site can make the user's browser connect to a server on the user's
  machine (DNS rebinding). Protocol 2024-11-05 asks a server to validate the Origin header of
  every connection (sse-1): an event stream opened for a page of a foreign origin is refused.
  The specification names no status for it, so any 4xx refusal will do.

  These rules hold for any server registered with an sse entry (fixtures/servers.toml, or
  MCP_SUT_SSE_URL); a server without one is skipped, with the reason. The ID names a statement
  of docs/spec/003-legacy-sse.md.

  Rule: A connection from a foreign web origin is refused

    # Known defect of server-everything (listed in fixtures/servers.toml): it does not check the
    # Origin header over SSE: a GET of /sse from a foreign web origin opens an event stream.
    @spec-sse-1
    Scenario: An event stream opened for a page of a foreign origin
      Given a raw connection to the server under test over sse
      When the client opens another event stream as a web page from "http://evil.example.com" would
      Then the server refuses it with HTTP status 4xx

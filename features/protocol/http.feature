@protocol @streamable-http @http
Feature: Streamable HTTP
  Over streamable HTTP, a server that keeps sessions gives each client a session id when it
  answers initialize, and from then on requires that id on every request; a request in a
  session it does not know gets 404, which tells the client to start a new session. After
  initialize, every request names the protocol version in the MCP-Protocol-Version header, and
  a version the server does not support is refused. A server that runs on the local machine
  refuses requests that web pages of other sites make through the user's browser (DNS
  rebinding): a foreign Host, or a foreign Origin, which the specification answers with 403.

  Rule: A server that keeps sessions issues a session id of visible ASCII characters

    Scenario: The initialize answer carries the session id
      Given an initialized raw connection to the server under test over http
      Then the server issued a session id of visible ASCII characters

  Rule: Every request after initialize carries the session id

    Scenario: A request without the session id is refused with 400
      Given an initialized raw connection to the server under test over http
      And the server keeps sessions
      When the client sends a ping without the session id
      Then the server refuses it with HTTP status 400

  Rule: A request in a session the server does not know gets 404

    Scenario: A request in an unknown session is refused with 404
      Given an initialized raw connection to the server under test over http
      And the server keeps sessions
      When the client sends a ping in the session "mcp-acceptance-session-never-issued"
      Then the server refuses it with HTTP status 404

  Rule: The MCP-Protocol-Version header names a version the server supports

    Scenario: An unsupported protocol version header is refused with 400
      Given an initialized raw connection to the server under test over http
      When the client sends a ping with the MCP-Protocol-Version header "1999-01-01"
      Then the server refuses it with HTTP status 400

  Rule: Requests that foreign web pages make through the browser are refused

    Scenario: A foreign Host header is refused
      Given a raw connection to the server under test over http
      When the client sends initialize with the Host header "evil.example.com"
      Then the server refuses it with HTTP status 4xx

    Scenario: A foreign Origin header is refused with 403
      Given a raw connection to the server under test over http
      When the client sends initialize with the Origin header "http://evil.example.com"
      Then the server refuses it with HTTP status 403

    Scenario: A page served from the local machine is accepted
      Given a raw connection to the server under test over http
      When the client sends initialize with the Origin header "http://localhost"
      Then the call succeeds

@transports @sse @auth
Feature: Bearer JWT authorization over legacy SSE
  A server that declares bearer auth guards both halves of the legacy transport: the event
  stream refuses a client without a valid token (401 with a Bearer challenge) before any session
  exists, and a client with a valid token sends it with the stream's GET and with every POST.

  These scenarios address the server under test (MCP_SUT) when it declares bearer auth, and the
  registered "reference-jwt" when no server was chosen; either needs an sse entry in the
  registry, or the scenarios are skipped with the reason.

  The specification (docs/spec/004-authorization.md): a token not issued for this server, or
  not valid, is refused with 401 (auth-6, auth-7).

  Background:
    Given a server requiring bearer JWTs: the server under test, or else the registered "reference-jwt"
    And each wait is bounded by 5 seconds

  Rule: The event stream is refused without a valid token

    @spec-auth-6 @spec-auth-7
    Scenario Outline: opening the stream with <credentials> is refused
      When a client tries to connect to the server under test over sse with <credentials>
      Then the attempt fails within 5 seconds
      And the failure says "HTTP 401"
      And the failure says "WWW-Authenticate: Bearer"

      Examples:
        | credentials                  |
        | no Authorization header      |
        | an expired token             |
        | a token for another audience |

  Rule: A valid token opens a session

    Scenario: a client with a valid token initializes, lists and calls tools over sse
      Given a client connected to the server under test over sse with a valid token
      When the client lists the tools
      Then the tools include the sample tool
      When the client calls the sample tool
      Then the call succeeds

@gateway @tier-basic
Feature: The wrapper: a local stdio endpoint for a remote server that requires bearer tokens
  mcp-bridge as a wrapper exposes a remote MCP server on stdio, for clients that only start local
  servers. It holds a bearer token in its environment (MCP_AUTH_TOKEN) and sends it with every
  request upstream. When the remote refuses the token, or cannot be reached, the client's
  initialize gets a JSON-RPC error naming the cause at once: it never hangs, and the token never
  shows. A bridge exposed over HTTP can require tokens from its own clients as well.
  Requirement page: docs/requirements/001-gateway.md

  Rule: With a valid token the wrapper works end to end

    @ac-gateway-3
    Scenario Outline: A client uses the protected time server over <remote> through the wrapper
      Given the time server requiring bearer tokens serving over <remote>
      And the wrapper holds a valid token
      And a client connected to it through a bridge over stdio
      Then the client sees the time server's own identity
      When the client asks for the current time in "Europe/Paris"
      Then the answer gives the time in "Europe/Paris" as served over <remote>
      When the client disconnects
      Then no process of the route is left within 10 seconds

      Examples:
        | remote |
        | sse    |
        | http   |

  Rule: A refused or missing token is a prompt JSON-RPC error naming the refusal

    @ac-gateway-3
    Scenario Outline: The wrapper holding <credentials> is refused by the server over <remote>
      Given the time server requiring bearer tokens serving over <remote>
      And the wrapper holds <credentials>
      When a client sends initialize to it through a bridge over stdio
      Then the session is refused with a JSON-RPC error naming HTTP 401 and the Bearer challenge

      Examples:
        | remote | credentials                       |
        | sse    | an expired token                  |
        | sse    | no Authorization header           |
        | http   | an expired token                  |
        | http   | a token with a tampered signature |
        | http   | a token for another audience      |
        | http   | no Authorization header           |

    @ac-gateway-3
    Scenario: The refused token never shows
      Given the time server requiring bearer tokens serving over sse
      And the wrapper holds an expired token
      When a client sends initialize to it through a bridge over stdio
      Then the session is refused with a JSON-RPC error naming HTTP 401 and the Bearer challenge
      And the token appears nowhere in what the wrapper wrote

  Rule: A remote that cannot be reached is a prompt JSON-RPC error naming it

    Scenario: The remote server has stopped
      Given the time server serving over http
      When a client sends initialize through a bridge over stdio to a server that has stopped
      Then the session is refused with a JSON-RPC error naming the unreachable server

  Rule: A remote that refuses without a challenge is a prompt JSON-RPC error naming its status

    Scenario Outline: The remote server answers the session with HTTP <status>
      Given the time server serving over http
      When a client sends initialize through a bridge over stdio to a server that answers it with HTTP status <status>
      Then the session is refused with a JSON-RPC error naming HTTP <status> and no challenge

      Examples:
        | status |
        | 403    |
        | 429    |
        | 503    |

  Rule: A bridge exposed over HTTP can require bearer tokens of its own clients

    @ac-gateway-3
    Scenario: Without a token the bridge refuses the client
      Given the time server serving over stdio
      And a bridge over http requiring bearer tokens in front of it
      And a raw connection to the server under test over http
      When the client sends initialize with no Authorization header
      Then the server refuses it with HTTP status 401
      And the refusal challenges the client for a Bearer token

    @ac-gateway-3
    Scenario: With a valid token the client reaches the time server through the bridge
      Given the time server serving over stdio
      And a bridge over http requiring bearer tokens in front of it
      And a client connected to the server under test over http with a valid token
      Then the client sees the time server's own identity
      When the client asks for the current time in "Europe/Paris"
      Then the answer gives the time in "Europe/Paris" as served over stdio

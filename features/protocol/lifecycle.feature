@protocol @lifecycle
Feature: Connection lifecycle
  Before anything else, an MCP client and server agree on a protocol version and tell each other
  what they can do. The connection then stays usable (ping) until the client ends it, and the
  server lets go cleanly. These scenarios hold for any MCP server, over every transport it offers.

  Rule: The server answers initialize with who it is and what it can do

    Scenario Outline: A client completes the handshake over <transport>
      Given a raw connection to the server under test over <transport>
      When the client sends initialize offering protocol version "2025-11-25"
      Then the call succeeds
      And the result names the server and its version
      And the result declares the server's capabilities as an object
      And the result names a protocol version the client can speak

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: The server agrees to every published protocol version it supports

    Scenario Outline: The client offers protocol version <version> over <transport>
      Given a raw connection to the server under test over <transport>
      When the client sends initialize offering protocol version "<version>"
      Then the server agrees to protocol version "<version>"

      Examples:
        | transport | version    |
        | stdio     | 2024-11-05 |
        | stdio     | 2025-03-26 |
        | stdio     | 2025-06-18 |
        | stdio     | 2025-11-25 |
        | http      | 2024-11-05 |
        | http      | 2025-03-26 |
        | http      | 2025-06-18 |
        | http      | 2025-11-25 |
        | sse       | 2024-11-05 |
        | sse       | 2025-03-26 |
        | sse       | 2025-06-18 |
        | sse       | 2025-11-25 |

    Scenario Outline: A version the server does not know gets a counter-proposal over <transport>
      Given a raw connection to the server under test over <transport>
      When the client sends initialize offering protocol version "1999-01-01"
      Then the call succeeds
      And the server proposes a published protocol version instead of "1999-01-01"

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: After initialized, the session is ready and stays alive

    Scenario Outline: The initialized notification is accepted silently over <transport>
      Given a raw connection to the server under test over <transport>
      When the client sends initialize offering protocol version "2025-11-25"
      And the client sends the notification "notifications/initialized"
      Then no response arrives within 0.5 seconds
      And the server still answers a ping

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    Scenario Outline: Ping answers with an empty result over <transport>
      Given a client connected to the server under test over <transport>
      When the client pings the server
      Then the server answers with an empty result

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: What the server sends on its own is MCP

    Scenario Outline: Notifications and requests from the server use methods MCP defines over <transport>
      Given a client connected to the server under test over <transport>
      When the client pings the server
      And the client lists the tools
      Then every message the server sent on its own uses a method MCP defines

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: The client ends the connection and the server lets go

    @stdio
    Scenario: Closing its input ends a stdio server
      Given a client connected to the server under test over stdio
      When the client closes the connection
      Then the server process exits on its own within 5 seconds
      And its exit status is 0

    @http
    Scenario: Deleting the HTTP session ends it
      Given an initialized raw connection to the server under test over http
      When the client ends the HTTP session
      Then the server confirms the end of the session
      When the client sends a ping in the ended session
      Then the server refuses it with HTTP status 404

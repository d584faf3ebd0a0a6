@protocol @lifecycle
Feature: Connection lifecycle
  Before anything else, an MCP client and server agree on a protocol version and tell each other
  what they can do. The connection then stays usable (ping) until the client ends it, and the
  server lets go cleanly. These scenarios hold for any MCP server, over every transport it offers.

  The specification (docs/spec/001-lifecycle.md, 005-utilities.md): initialize is answered
  with the server's capabilities and identity (lc-1); a version the server supports is agreed as
  offered (lc-3), any other gets a counter-proposal the server supports (lc-4); a ping gets an
  empty result promptly (ping-1); a notification is never answered (base-9).

  Rule: The server answers initialize with who it is and what it can do

    @spec-lc-1
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

    @spec-lc-3
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

    @spec-lc-4
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

  Rule: A server declares every feature it offers (tools-1, res-1, pr-1)

    @spec-tools-1 @spec-res-1 @spec-pr-1
    Scenario Outline: A server that lists <list> declares it over <transport>
      Given an initialized raw connection to the server under test over <transport>
      Then a server that lists <list> declares that capability

      Examples:
        | list      | transport |
        | tools     | stdio     |
        | tools     | http      |
        | tools     | sse       |
        | resources | stdio     |
        | resources | http      |
        | resources | sse       |
        | prompts   | stdio     |
        | prompts   | http      |
        | prompts   | sse       |

  Rule: After initialized, the session is ready and stays alive

    @spec-base-9
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

    @spec-ping-1 @spec-base-5
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

    # No revision forbids vendor or experimental methods (a client ignores a notification it does
    # not know), so this is advice, not a rule: a miss is a warning, and cites no statement.
    Scenario Outline: Notifications and requests from the server use methods MCP defines over <transport>
      Given a client connected to the server under test over <transport>
      When the client pings the server
      And the client lists the tools
      Then every message the server sent on its own should use a method MCP defines

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: The client ends the connection and the server lets go

    # Only 2026-07-28 says anything here, and only that the server should exit promptly
    # (t26-5): SHOULD, so a server that stays is a warning naming t26-5. The exit
    # status is no rule of any revision and is not checked.
    @stdio @spec-t26-5
    Scenario: Closing its input ends a stdio server
      Given a client connected to the server under test over stdio
      When the client closes the connection
      Then the server process should exit on its own within 5 seconds

    # Known defect of server-everything (listed in fixtures/servers.toml): after DELETE, it answers requests in the ended
    # session with 400 "No valid session ID provided" instead of 404, so a client cannot tell
    # that it must start a new session.
    @http @spec-tr-27
    Scenario: Deleting the HTTP session ends it
      Given an initialized raw connection to the server under test over http
      When the client ends the HTTP session
      Then the server confirms the end of the session
      When the client sends a ping in the ended session
      Then the server refuses it with HTTP status 404

@protocol @jsonrpc
Feature: JSON-RPC 2.0 messaging
  Every MCP message is a JSON-RPC 2.0 message. A server must answer each request exactly once,
  with the request's own id, name what was wrong with a request it cannot serve using the
  standard error codes, and never answer a notification. Over stdio, messages are single lines of
  JSON and nothing else may appear on the server's output.

  The specification (docs/spec/000-base.md, 002-transports.md): every message is JSON-RPC 2.0
  (base-1); a result or error carries its request's id (base-4, base-6) and an error has an
  integer code (base-7, base-8); notifications get no answer (base-9); over stdio each message is
  one line of UTF-8 JSON and stdout holds nothing else (tr-1, tr-2, tr-3).

  Rule: Broken requests get the standard error codes

    # The null id is JSON-RPC 2.0's own rule for an error to a request it could not read (section
    # 5), and every MCP message follows JSON-RPC 2.0 (base-1); the MCP schema alone would also let
    # the id be left out.
    @spec-base-1
    Scenario Outline: A frame that is not JSON is a parse error over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client sends the frame:
        """json
        {"jsonrpc": "2.0", "id": 1, "method": "ping"
        """
      Then the server answers with error code -32700 and a null id

      Examples: over stdio
        | transport |
        | stdio     |

      Examples: over streamable HTTP
        | transport |
        | http      |

      Examples: over legacy SSE
        | transport |
        | sse       |

    # server-everything ignores invalid requests over stdio (no reply) and calls them parse
    # errors (-32700) over HTTP.
    @spec-base-1
    Scenario Outline: A message that is not a valid request is refused over <transport>: <case>
      Given an initialized raw connection to the server under test over <transport>
      When the client sends the frame <frame>
      Then the server answers with error code -32600

      Examples:
        | transport | case                 | frame                                  |
        | stdio     | no method            | {"jsonrpc":"2.0","id":2}               |
        | stdio     | wrong jsonrpc version | {"jsonrpc":"1.0","id":3,"method":"ping"} |
        | stdio     | a bare string        | "just a string"                        |
        | http      | no method            | {"jsonrpc":"2.0","id":2}               |
        | http      | wrong jsonrpc version | {"jsonrpc":"1.0","id":3,"method":"ping"} |
        | http      | a bare string        | "just a string"                        |
        | sse       | no method            | {"jsonrpc":"2.0","id":2}               |
        | sse       | wrong jsonrpc version | {"jsonrpc":"1.0","id":3,"method":"ping"} |
        | sse       | a bare string        | "just a string"                        |

    @spec-base-1 @spec-base-6 @spec-base-7 @spec-base-8
    Scenario Outline: An unknown method is refused over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client sends the frame {"jsonrpc":"2.0","id":4,"method":"no/such/method"}
      Then the server answers with error code -32601 and id 4

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    # server-everything answers a tools/call without a tool name with -32603 (internal error)
    # and a dump of its validation library's issues.
    @spec-base-1 @spec-base-6
    Scenario Outline: A known method with invalid parameters is refused over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server declares the tools capability
      When the client sends the frame {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"arguments":{}}}
      Then the server answers with error code -32602 and id 5

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Each request is answered once, with its own id

    @spec-base-4 @spec-base-5
    Scenario Outline: The id <id> comes back exactly as sent over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client pings the server with id <id>
      Then the response carries id <id>, of the same JSON type

      Examples:
        | transport | id                |
        | stdio     | 7                 |
        | stdio     | 0                 |
        | stdio     | 9007199254740991  |
        | stdio     | "abc-123"         |
        | stdio     | ""                |
        | http      | 7                 |
        | http      | 0                 |
        | http      | 9007199254740991  |
        | http      | "abc-123"         |
        | http      | ""                |
        | sse       | 7                 |
        | sse       | 0                 |
        | sse       | 9007199254740991  |
        | sse       | "abc-123"         |
        | sse       | ""                |

    @spec-base-4 @spec-tr-20
    Scenario Outline: Many requests sent at once are each answered over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client sends 50 pings at once, each with its own id
      Then each of the 50 pings is answered exactly once, with its own id

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Notifications are never answered

    @spec-base-9
    Scenario Outline: An unknown notification is ignored over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client sends the notification "notifications/acceptance-suite-unknown"
      Then no response arrives within 0.5 seconds
      And the server still answers a ping

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Over stdio, messages are newline-delimited and stdout carries nothing else

    @stdio
    Scenario: Two requests in one write are both answered
      Given an initialized raw connection to the server under test over stdio
      When the client writes two pings with ids 21 and 22 in a single write
      Then the server answers with id 21 and with id 22

    @stdio @spec-tr-1 @spec-tr-2 @spec-tr-3
    Scenario: The server writes nothing but JSON-RPC messages on stdout
      Given a client connected to the server under test over stdio
      When the client pings the server
      And the client lists the tools
      Then every line the server wrote on stdout was a JSON-RPC message

@protocol @jsonrpc
Feature: JSON-RPC 2.0 messaging
  Every MCP message is a JSON-RPC 2.0 message. A server must answer each request exactly once,
  with the request's own id, name what was wrong with a request it cannot serve using the
  standard error codes, and never answer a notification. Over stdio, messages are single lines of
  JSON and nothing else may appear on the server's output.

  Rule: Broken requests get the standard error codes

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

    Scenario Outline: An unknown method is refused over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client sends the frame {"jsonrpc":"2.0","id":4,"method":"no/such/method"}
      Then the server answers with error code -32601 and id 4

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

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

    @stdio
    Scenario: The server writes nothing but JSON-RPC messages on stdout
      Given a client connected to the server under test over stdio
      When the client pings the server
      And the client lists the tools
      Then every line the server wrote on stdout was a JSON-RPC message

@gateway
Feature: Chains of bridges, and what servers ask of clients through a bridge
  Bridges compose: a server exposed on one transport by one bridge can be exposed again on
  another by the next, and the client at the end still sees the server itself. What a server
  asks of its client (sampling, and the progress the client reports on it) and what either tells
  the other unasked (list changes, log messages, notifications of its own) crosses a bridge too,
  and its lists arrive as it lists them.
  Requirement page: docs/requirements/001-gateway.md

  Rule: Through two bridges the client still sees the server itself

    @ac-gateway-1
    Scenario Outline: The time server over <server> reached through bridges exposing <hops>
      Given the time server serving over <server>
      And a client connected to it through bridges exposing <hops> in turn over <client>
      Then the client sees the time server's own identity
      When the client asks for the current time in "Asia/Tokyo"
      Then the answer gives the time in "Asia/Tokyo" as served over <server>
      When the client asks for the current time in "Mars/Olympus"
      Then the answer is the error -32602 naming "Mars/Olympus" in its message and data
      When the client asks for the current time with a progress token
      Then progress arrives under that token with the answer
      When the client disconnects
      Then no process of the route is left within 10 seconds

      Examples:
        | server | hops                     | client |
        | stdio  | sse then http            | http   |
        | http   | sse then stdio           | stdio  |
        | stdio  | http then stdio          | stdio  |
        | sse    | stdio then http then sse | sse    |

  Rule: The server's lists reach the client through a bridge as the server lists them

    @ac-gateway-1
    Scenario Outline: The reference server over <server> lists the same through a bridge over <client> as directly
      Given the reference server serving over <server>
      And a client "direct" connected to it directly over <server>
      And a client connected to it through a bridge over <client>
      Then the client lists the same resources as the client "direct"
      And the client lists the same resource templates as the client "direct"
      And the client lists the same prompts as the client "direct"
      And the client lists the same tools as the client "direct"

      Examples:
        | server | client |
        | stdio  | http   |
        | sse    | stdio  |

    @ac-gateway-1
    Scenario Outline: The reference server over <server> answers the same through a bridge over <client> as directly
      Given the reference server serving over <server>
      And a client "direct" connected to it directly over <server>
      And a client connected to it through a bridge over <client>
      Then the client gets the same answers as the client "direct" when both, in turn:
        | request                                |
        | complete an argument of a prompt       |
        | get a prompt with its arguments        |
        | read a text resource                   |
        | read a resource through a template     |
        | read a resource that does not exist    |
        | choose the log level error             |
        | log a message at every level           |
        | subscribe to the watched resource      |
        | change the watched resource            |
        | unsubscribe from the watched resource  |
        | change the watched resource            |
        | call a method the server does not know |

      Examples:
        | server | client |
        | stdio  | http   |
        | sse    | stdio  |

  Rule: Requests from the server to the client, and its notifications, cross a bridge

    @ac-gateway-1
    Scenario Outline: The reference server over <server> has the model of a client over <client> complete a prompt
      Given the reference server serving over <server>
      And the client answers sampling requests with the text "The capital of France is Paris."
      And the client reports progress while it samples
      And a client connected to it through a bridge over <client>
      When the client calls the sampling tool
      Then the server asked the client for sampling with messages and a token limit
      And the tool result contains the text the client sampled
      And the server received that progress under the token of its sampling request

      Examples:
        | server | client |
        | stdio  | http   |
        | http   | sse    |
        | sse    | stdio  |

    @ac-gateway-1
    Scenario Outline: The reference server over <server> gives up on a client over <client> too slow to sample
      Given the reference server serving over <server>
      And the client answers sampling requests with the text "Too late."
      And the client takes 5 seconds to answer sampling requests
      And a client connected to it through a bridge over <client>
      When the client calls the server's sampling tool that waits only 300 ms for it
      Then the tool result is an error saying the client did not answer in time
      And the client was told once that the server's sampling request was cancelled

      Examples:
        | server | client |
        | stdio  | http   |
        | http   | sse    |
        | sse    | stdio  |

    @ac-gateway-1
    Scenario Outline: What a client over <client> tells the reference server over <server> unasked crosses a bridge
      Given the reference server serving over <server>
      And a client connected to it through a bridge over <client>
      When the client tells the server that its roots changed
      And the client tells the server something in a method MCP does not define
      Then the server received both, the second with its parameters

      Examples:
        | server | client |
        | stdio  | sse    |
        | http   | stdio  |
        | sse    | http   |

    @ac-gateway-1
    Scenario Outline: List changes and log messages of the reference server over <server> reach a client over <client>
      Given the reference server serving over <server>
      And a client connected to it through a bridge over <client>
      When the client calls the server's tool that changes the tools list
      Then the call succeeds
      And the client is notified that the tools list changed
      Given the client has set the log level to "debug"
      When the client calls the logging tool
      Then a log message arrives
      And each log message kept the metadata the server gave it
      When the client disconnects
      Then no process of the route is left within 10 seconds

      Examples:
        | server | client |
        | stdio  | sse    |
        | http   | stdio  |
        | sse    | http   |

  Rule: A client's cancellation crosses a bridge, and the bridge stays usable

    Scenario Outline: Cancelling a slow call of the reference server over <server> through a bridge exposing <client>
      Given the reference server serving over <server>
      And the way to it goes through a bridge exposing <client>
      And an initialized raw connection to the server under test over <client>
      When the client calls the slow tool with id 41
      And the client cancels the request with id 41
      Then no response with id 41 arrives by the time the slow tool would have answered
      And the bridge passed the cancellation of tools/call on to the server
      And the server still answers a ping

      Examples:
        | server | client |
        | stdio  | http   |
        | http   | sse    |

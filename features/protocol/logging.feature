@protocol @logging
Feature: Logging
  A server that declares the logging capability sends its log messages to the client as
  notifications. The client chooses the least severe level it wants to see with
  logging/setLevel, and from then on the server sends nothing less severe. From least to most
  severe, the levels are: debug, info, notice, warning, error, critical, alert, emergency.

  The tool that makes the server log comes from the server registry (probe logging_tool).

  The specification (docs/spec/010-completion-logging-pagination.md): an invalid log level should
  be refused as invalid params (log-2).

  Rule: The server acknowledges a log level with an empty result

    Scenario Outline: Choosing a log level over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the logging capability
      When the client sets the log level to "warning"
      Then the server answers with an empty result

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: A level MCP does not define is refused as invalid params

    # server-everything (a warning, no longer a listed defect): answers an unknown level with -32603
    # (internal error, carrying its schema validator's report) instead of -32602 (invalid
    # params), which the specification names for an invalid log level.
    # SHOULD (log-2): a wrong answer is a warning naming log-2.
    @spec-log-2
    Scenario Outline: Choosing an unknown log level over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server declares the logging capability
      When the client sends the frame {"jsonrpc":"2.0","id":71,"method":"logging/setLevel","params":{"level":"loudest"}}
      Then the server should answer with error code -32602 and id 71

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: The server sends nothing less severe than the level the client chose

    # Level filtering is a lowercase "should" of the schema, no keyword: a miss is a warning.
    Scenario Outline: Only errors and worse arrive at level "error" over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the logging capability
      And the client has set the log level to "error"
      When the client calls the logging tool
      Then no log message less severe than "error" should arrive before the server answers a ping
      And every log message names a level MCP defines and carries data

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    Scenario Outline: Log messages arrive at level "debug" over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the logging capability
      And the client has set the log level to "debug"
      When the client calls the logging tool
      Then a log message arrives
      And every log message names a level MCP defines and carries data

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

@protocol @server-messages
Feature: What a server sends of its own accord
  Besides its answers, a server sends notifications and metadata of its own. A notification
  never carries an id (base-10). The keys of the _meta objects it sends have the form the
  specification gives: an optional prefix of dot-separated labels ending in a slash, then a
  name (base-14). Progress notifications for a request stop once the request has completed
  (prog-3). A server that sends log messages declares the logging capability (log-1), and a
  server that completes arguments declares the completions capability (comp-1).

  Over streamable HTTP, a response or a notification the client posts is either accepted with
  202 and no body, or refused with an HTTP error status (tr-9).

  The tools used come from the server registry (probes progress_tool, logging_tool and
  completion); a server without the probe is skipped with the reason. The IDs name statements
  of docs/spec/.

  Rule: Notifications carry no id, and progress for a request stops with its response

    @spec-base-10 @spec-prog-3
    Scenario Outline: Progress ends with the call over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the progress tool with the progress token "acceptance-progress-end"
      Then the call succeeds
      And no progress notification with the token "acceptance-progress-end" arrives after the response
      And no notification the server sent carries an id

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: The _meta keys a server sends are well formed

    @spec-base-14
    Scenario Outline: The metadata in the server's lists over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client lists the server's tools, resources, resource templates and prompts
      Then every _meta key the server sent is well formed

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A server declares the logging and completion it offers

    @spec-log-1
    Scenario Outline: A server that logs declares logging over <transport>
      Given a client connected to the server under test over <transport>
      When the client calls the logging tool
      Then a server that sent a log message declares the logging capability

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-comp-1
    Scenario Outline: A server that completes declares completions over <transport>
      Given a client connected to the server under test over <transport>
      When the client asks the server to complete a partly typed argument
      Then a server that completes arguments declares the completions capability

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A response or notification posted over HTTP is accepted with 202 or refused with an error status

    @spec-tr-9 @http
    Scenario: A response to a request the server never sent
      Given an initialized raw connection to the server under test over http
      When the client posts a response to a request the server never sent
      Then the server accepts it with HTTP status 202 and no body, or refuses it with an HTTP error status

    @spec-tr-9 @http
    Scenario: A notification of a method MCP does not define
      Given an initialized raw connection to the server under test over http
      When the client posts a notification of a method MCP does not define
      Then the server accepts it with HTTP status 202 and no body, or refuses it with an HTTP error status

  Rule: The server's requests to the client are well formed and keep to what the client offers

    # A request from the server carries a string or integer id, never one used before in the
    # session (base-2, base-3); it offers the model no tools when the client did not declare
    # sampling with tools (samp-1); tool results in its messages follow the tool uses they
    # answer, in user messages of tool results only (samp-3, samp-4); and it cancels only its
    # own requests (can-1). The tool comes from the registry (probe sampling_tool).
    @spec-base-2 @spec-base-3 @spec-samp-1 @spec-samp-3 @spec-samp-4 @spec-can-1
    Scenario Outline: The server asks a client that offers sampling without tools over <transport>
      Given a raw connection to the server under test over <transport>
      And the client has initialized it, offering sampling without tools
      When the client calls the sampling tool twice, answering every request from the server
      Then the call succeeds
      And every request the server sent carried a string or integer id, never the same one twice
      And no sampling request offered the model tools
      And in every sampling request, tool results follow the tool uses they answer
      And every cancellation the server sent named a request of its own

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

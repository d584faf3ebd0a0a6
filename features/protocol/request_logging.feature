@protocol @stateless
Feature: Log messages asked for by each request (2026-07-28)
  From protocol version 2026-07-28 a client asks for log messages request by request, naming a
  log level in the request's metadata. The server sends no log message for a request that named
  no level (s26-8), and sends a request's log messages only on the stream that carries that
  request's response, never on another request's stream (s26-9). A level that is not one of the
  eight log levels should be refused as invalid params (s26-10): a server that serves it passes
  with a warning.

  These scenarios need a tool that logs (the logging probe) and declared logging; the one about
  streams needs a slow tool too and runs over HTTP, where each request has its own response
  stream. A server that sends no log message even when asked is skipped: their absence would
  prove nothing. These scenarios run when the server answers server/discover, as the other
  stateless features. The IDs name statements of docs/spec/012-delta-2026-07-28.md.

  Rule: No log message for a request that asked for none

    @spec-s26-8
    Scenario Outline: A tool call without a log level gets no log message over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the logging capability
      When the client calls the logging tool without a handshake, asking for log level "debug"
      Then log messages came for it, so their absence can be told
      When the client calls the logging tool without a handshake, asking for no log level
      Then no log message came for it before its response

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A request's log messages come on its own stream only

    @spec-s26-9 @spec-s26-8 @http
    Scenario: Log messages stay off the stream of a concurrent request
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      And the server declares the logging capability
      When the client calls the logging tool asking for log level "debug" while the slow tool runs, without a handshake
      Then no log message came on the slow tool's stream

  Rule: A log level that does not exist should be refused as invalid params

    @spec-s26-10
    Scenario Outline: Asking for a log level that does not exist over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client calls the sample tool without a handshake, asking for log level "loudest"
      Then the server should refuse it as invalid params

      Examples:
        | transport |
        | stdio     |
        | http      |

@protocol @stateless @http
Feature: The answer stream of a request over HTTP (2026-07-28)
  Over streamable HTTP a server may answer a request with an event stream that carries the
  request's own messages and then its response. From protocol version 2026-07-28 such a stream
  should tell proxies not to buffer it, and should end once the response is sent (t26-14). Both
  are recommendations: a server that misses them passes with a warning.

  A server that answers the call with a plain JSON body is skipped with the reason (the
  recommendation is about event streams). These scenarios need the sample tool and run when the
  server answers server/discover, as the other stateless features. The IDs name statements of
  docs/spec/012-delta-2026-07-28.md.

  Rule: An answer stream is unbuffered and ends with the response

    @spec-t26-14
    Scenario: The answer stream of a tool call
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      When the client calls the sample tool without a handshake, reading its answer on its own
      Then the answer stream should tell proxies not to buffer it
      And the answer stream should end with the response

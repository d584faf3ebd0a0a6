@transports @sse
Feature: The legacy HTTP+SSE transport
  Before streamable HTTP, MCP (protocol 2024-11-05) ran over two HTTP channels: the client opens
  an event stream with GET, the server's first event names the endpoint to POST messages to, and
  everything the server says (answers, notifications, its own requests) arrives on that stream.
  Gateways, bridges and many deployed servers still speak it.

  These rules hold for any server registered with an sse entry (fixtures/servers.toml, or
  MCP_SUT_SSE_URL); a server without one is skipped, with the reason.

  The specification (docs/spec/003-legacy-sse.md): the server offers an event stream and a POST
  endpoint (sse-2) and names the endpoint in the stream's first event (sse-3). The rest of this
  feature is what SDKs do, not what 2024-11-05 says; the comments say which.

  Rule: The stream first tells the client where to post its messages

    # The endpoint event is the rule (sse-3); an endpoint on the stream's own origin is SDK
    # convention beyond the 2024-11-05 text: that step is advice, a miss is a warning.
    @spec-sse-2 @spec-sse-3
    Scenario: The first event names the message endpoint
      Given a raw connection to the server under test over sse
      Then the stream's first event named the endpoint for the client's messages
      And the endpoint should be on the stream's own origin

  Rule: A posted message is accepted at once and answered on the stream

    # The answer on the stream is the rule (sse-2); 202 is SDK convention, not 2024-11-05 text:
    # that step is advice, a miss is a warning.
    @spec-sse-2
    Scenario: A request is accepted with 202 and its answer arrives on the stream
      Given a raw connection to the server under test over sse
      When the client posts an initialize request with id 7 to the endpoint
      Then the call should succeed with HTTP status 202
      And the answer with id 7 arrives on the event stream, not in the POST's body

  Rule: Only well-formed messages for a live session are accepted

    # Known defect of server-everything (listed in fixtures/servers.toml): never answers a POST
    # for a session it does not hold: the request hangs until the client gives up (its handler
    # only logs "No transport found"). A POST left unanswered fails (a hung server); which
    # refusal it gets is SDK convention, not 2024-11-05 text: advice, a miss is a warning.
    Scenario: A post to a session the server never opened is refused
      Given an initialized raw connection to the server under test over sse
      When the client posts a ping to a session the server never opened
      Then the server should refuse it with HTTP status 4xx
      And no response should arrive within 0.5 seconds

    # SDK convention, not 2024-11-05 text: advice, a miss is a warning.
    Scenario: A body that is not JSON is refused
      Given an initialized raw connection to the server under test over sse
      When the client posts a body that is not JSON
      Then the server should refuse it with HTTP status 4xx

  Rule: Closing the stream ends the session

    # server-everything still accepts (202) a POST for a closed stream's session at first, and
    # once it has forgotten the session it never answers a POST for it (see above).
    # SDK convention, not 2024-11-05 text: advice, a miss is a warning.
    Scenario: After the client closes the stream, its session is gone
      Given an initialized raw connection to the server under test over sse
      When the client closes the event stream
      Then a ping posted to that session should be refused within 5 seconds

  Rule: Each stream is a session of its own

    # server-everything: the closed session's POST is never answered (see above).
    # SDK convention, not 2024-11-05 text: advice, a miss is a warning.
    Scenario: Two streams get two independent sessions
      Given a client "alice" connected to the server under test over sse
      And a client "bob" connected to the server under test over sse
      Then "alice" and "bob" were given different message endpoints
      When "alice" closes its connection
      Then a ping posted to the session of "alice" should be refused within 5 seconds
      And "bob" still gets an answer to a ping

  Rule: Everything the server says travels over the stream

    Scenario: Progress notifications arrive on the stream during a call
      Given an initialized raw connection to the server under test over sse
      And the server declares the tools capability
      When the client calls the progress tool with the progress token "sse-progress"
      Then the call succeeds
      And the server sent at least one progress notification

    @spec-s26-14
    Scenario: The server asks the client for sampling on the stream and gets the answer by POST
      Given the client answers sampling requests with the text "The capital of France is Paris."
      And a client connected to the server under test over sse
      When the client calls the sampling tool
      Then the server asked the client for sampling with messages and a token limit
      And the tool result contains the text the client sampled

  Rule: A stream that drops fails the waiting client at once, with the reason

    # Not a server rule: this proves the suite's own client fails fast when a stream drops (a
    # diagnostic), so it cites no statement.
    Scenario: The server stopping during a call fails the call, not the run
      Given each wait is bounded by 5 seconds
      And a client connected to the server under test over sse
      When the client calls the slow tool and the server stops during the call
      Then the attempt fails within 1.5 seconds
      And the failure says "SSE stream"

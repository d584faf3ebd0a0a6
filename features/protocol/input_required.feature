@protocol @stateless
Feature: Asking the client for input within the answer (2026-07-28)
  From protocol version 2026-07-28 a server never sends a request of its own, neither on
  stdout nor on an event stream (t26-1). When it needs the client's language model, the user
  or the client's roots to serve a tool call, a prompt or a resource read, it answers that
  request with "input required", and only those requests (p26-7): the requests it wants
  answered, each under a key of its own and each one of sampling, elicitation or roots
  (p26-8), and a state for the client to echo back; at least one of the two (p26-9). The
  client answers and sends the request again with its answers and the state. The server asks
  only for what the client declared in that request (p26-10); a request that needs a
  capability the client did not declare is refused with error -32021 naming what is missing,
  over HTTP with status 400 (v26-7). The state comes back through the client, so the server
  treats it as an attacker's input: a state that fails verification is refused (p26-11).

  Recommended, so reported as warnings: a state is bound to the request it was issued for
  (p26-12); a retry without the input asked for is asked again, answers nobody asked for are
  ignored, and an answer that is not a valid result is refused as a protocol error (p26-13).

  The tools come from the server registry (fixtures/servers.toml: the probes sampling_tool,
  elicitation_tool and roots_tool); the client answers like a user would: its model says "The
  capital of France is Paris.", it fills in every field of a form, it has one root. A scenario
  whose tool is not in the registry, or whose server does not speak the stateless protocol,
  is skipped with the reason. The IDs name statements of docs/spec/012-delta-2026-07-28.md.

  Rule: The server asks through its answer, never with a request of its own

    @spec-t26-1 @spec-p26-8 @spec-p26-9 @spec-p26-10
    Scenario Outline: The <feature> tool asks for input and uses the answer over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client calls the <feature> tool without a handshake, declaring sampling, elicitation and roots
      Then the server asks for input in its answer, with well-formed requests
      When the client answers the input requests and sends the call again
      Then the call completes with the client's input
      And the server sent no request of its own

      Examples:
        | feature     | transport |
        | sampling    | stdio     |
        | sampling    | http      |
        | elicitation | stdio     |
        | elicitation | http      |
        | roots       | stdio     |
        | roots       | http      |

    # An elicitation capability that names no mode declares form mode, its meaning from before
    # the modes existed.
    Scenario: A client that declares elicitation without modes is asked for input
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client calls the elicitation tool without a handshake, declaring elicitation without modes
      Then the server asks for input in its answer, with well-formed requests

    @spec-p26-7
    Scenario: Lists and discovery never ask for input
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client lists the tools, resources and prompts without a handshake, declaring sampling, elicitation and roots
      Then none of those answers asks for input

  Rule: Only what the client declared is asked for; a request that needs more is refused with -32021

    @spec-p26-10 @spec-v26-7 @spec-t26-1
    Scenario Outline: A client that did not declare <feature> is not asked for it over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client calls the <feature> tool without a handshake, declaring everything but <feature>
      Then the server does not ask the client for what it did not declare
      And a refusal names the missing capability, over HTTP with status 400
      And the server should refuse the call for the missing capability
      And the server sent no request of its own

      Examples:
        | feature     | transport |
        | sampling    | stdio     |
        | sampling    | http      |
        | elicitation | stdio     |
        | roots       | stdio     |

  Rule: The request state is the attacker's to change, so the server verifies it

    A server may leave its state unprotected only where a changed state can do no worse than
    fail the request. So when the server completes the call on a forged state, the client sends
    the same answers once more without any state: if the server needs its state (it does not
    complete that call), it has trusted a forged one.

    @spec-p26-11
    Scenario Outline: A forged request state is not honoured over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client calls a tool that needs input without a handshake
      Then the server asks for input in its answer, with well-formed requests
      When the client answers the input requests and sends the call again with a forged request state
      Then the server does not complete the call on the forged state

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-p26-12
    Scenario: A request state issued for another call should not be honoured
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client calls a tool that needs input without a handshake
      Then the server asks for input in its answer, with well-formed requests
      When the client answers the input requests and sends the call again with the request state of another call
      Then the server should not complete the call on the other call's state

    # The same tool with other arguments: its state and the answers under its keys, so only a
    # state bound to the arguments tells the two calls apart.
    @spec-p26-12
    Scenario: A request state issued for other arguments should not be honoured
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client calls a tool that needs input without a handshake
      Then the server asks for input in its answer, with well-formed requests
      When the client sends the call again with the request state and answers of the same tool called with other arguments
      Then the server should not complete the call on the other call's state

  Rule: The server checks the answers it gets back

    @spec-p26-13
    Scenario: Input the client left out should be asked for again
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client calls a tool that needs input without a handshake
      Then the server asks for input in its answer, with well-formed requests
      When the client sends the call again without its answers
      Then the server should ask for the input again

    @spec-p26-13
    Scenario: Answers nobody asked for should be ignored
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client calls a tool that needs input without a handshake
      Then the server asks for input in its answer, with well-formed requests
      When the client answers the input requests, adding an answer nobody asked for, and sends the call again
      Then the call should complete

    @spec-p26-13
    Scenario: An answer that is not a valid result should be refused as a protocol error
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      When the client calls a tool that needs input without a handshake
      Then the server asks for input in its answer, with well-formed requests
      When the client sends the call again with answers that are not valid results
      Then the server should refuse them with a protocol error

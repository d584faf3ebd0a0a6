@protocol @cancellation
Feature: Cancellation
  A client that no longer needs the answer to a request it sent cancels it with
  notifications/cancelled. The server then stops the work and sends no response to that
  request, and the connection stays usable. A cancellation for a request the server does not
  know is ignored.

  The slow tool comes from the server registry (probe cancellable_tool, which says how long it
  takes uncancelled, or else slow_tool, which takes about two seconds): a response still missing
  half as long again after that time was never sent.

  The specification (docs/spec/005-utilities.md): a cancelled request should get no answer
  (can-2; from 2026-07-28 nothing more may be sent for it, t26-4); a cancellation that arrives
  for an unknown or finished request is handled without harm (can-3) and ignored (can-4).

  Rule: A cancelled request gets no response, and the server carries on

    # SHOULD (can-2): a request that can no longer be stopped may still be answered, so an answer
    # is a warning naming can-2 (2026-07-28 makes the silence a MUST, t26-4).
    @spec-can-2 @spec-t26-4
    Scenario Outline: Cancelling a slow tool call over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the slow tool with id 41
      And the client cancels the request with id 41
      Then no response with id 41 should arrive by the time the slow tool would have answered
      And the server still answers a ping

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Cancelling a request the server does not know changes nothing

    # Staying silent and alive is the MUST (base-9, can-3); ignoring it is can-4 (SHOULD).
    @spec-can-3 @spec-can-4 @spec-base-9
    Scenario Outline: Cancelling a request that was never sent over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client cancels a request it never sent
      Then no response arrives within 0.5 seconds
      And the server still answers a ping

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

@faults @hub @ac-goblin-decision-4 @ac-goblin-goal-4
Feature: A backend whose link fails is isolated by the hub, and comes back once healed
  The fault proxy stands between the hub and one backend. When that link stops answering, the
  hub's health names the backend as failed (its process still runs, but it does not answer a
  ping), calls to its tools end with the hub's timeout, and the other backends answer as
  before. Once the link is healed the same backend is reported connected and answers again,
  without restarting the hub.

  Scenario Outline: A backend that stops answering over <transport> is named by health and recovers
    Given a hub with the backends:
      | name      | server                                 | transport   |
      | reference | reference server                       | stdio       |
      | time      | time server behind the fault proxy     | <transport> |
    And the hub's calls time out after 1500 ms
    And a client connected to the hub over stdio
    Then the hub's health reports "time" as connected
    When the fault proxy in front of the backend "time" injects "hang" into every answer
    Then the hub's health reports "time" as failed because "no answer to ping within"
    When the client calls the tool "reference_echo" with:
      """json
      {"message": "unaffected"}
      """
    Then the answer says "unaffected"
    When the client calls the tool "time_get_current_time" with:
      """json
      {"timezone": "UTC"}
      """
    Then the answer is a JSON-RPC error naming "timeout"
    When the fault proxy in front of the backend "time" heals
    Then the hub's health reports "time" as connected
    When the client calls the tool "time_get_current_time" with:
      """json
      {"timezone": "UTC"}
      """
    Then the answer says "UTC"

    Examples:
      | transport |
      | stdio     |
      | http      |

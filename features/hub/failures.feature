@hub
Feature: One backend's trouble stays its own
  A backend that is disabled is neither started nor listed. One that fails to start, or dies
  while the hub runs, is reported by the hub's health with the reason while the others keep
  answering. A call that takes longer than the hub's timeout is answered with an error naming
  the timeout, and the backend is told to cancel it.

  @ac-goblin-decision-2-failures @ac-goblin-goal-4
  Scenario: A disabled backend is neither started nor listed
    Given a hub with the backends:
      | name      | server           | transport | enabled |
      | reference | reference server | stdio     | yes     |
      | time      | time server      | stdio     | no      |
    And a client connected to the hub over stdio
    When the client lists the tools
    Then no tool of the backend "time" is listed
    And the hub's health reports "time" as disabled

  @ac-goblin-decision-2-failures @ac-goblin-goal-4
  Scenario: A backend that cannot start is reported while the others answer
    Given a hub with the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
      | broken    | missing program  | stdio     |
    And a client connected to the hub over stdio
    Then the hub's health reports "broken" as failed because "cannot start"
    When the client reads the resource "mcp://broken/test%3A%2F%2Fstatic-text"
    Then the answer is the JSON-RPC error -32002 naming "cannot start"
    When the client calls the tool "reference_echo" with:
      """json
      {"message": "still here"}
      """
    Then the answer says "still here"

  @ac-goblin-decision-2-failures @ac-goblin-goal-4
  Scenario: A backend that exits while starting is reported with the last line it wrote
    Given a hub with the backends:
      | name      | server                     | transport |
      | reference | reference server           | stdio     |
      | broken    | program that exits at once | stdio     |
    And a client connected to the hub over stdio
    Then the hub's health reports "broken" as failed because "its stderr: no licence key found; exiting"

  @ac-goblin-decision-2-failures @ac-goblin-decision-4 @ac-goblin-goal-4
  Scenario: A backend killed mid-run is reported while the others keep answering
    Given a hub with the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
      | time      | time server      | stdio     |
    And a client connected to the hub over http
    When the backend "time" dies
    Then the hub's health reports "time" as failed because "exited"
    When the client calls the tool "reference_echo" with:
      """json
      {"message": "unaffected"}
      """
    Then the answer says "unaffected"
    When the client calls the tool "time_get_current_time" with:
      """json
      {"timezone": "UTC"}
      """
    Then the answer is the JSON-RPC error -32002 naming "is unavailable: its process exited"

  @ac-goblin-decision-2-failures @ac-goblin-decision-4 @ac-goblin-goal-4
  Scenario: A call past the timeout is an error and the backend is told to cancel it
    Given a hub with the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
    And the hub's calls time out after 1500 ms
    And a client connected to the hub over stdio
    When the client calls the tool "reference_sleep" with:
      """json
      {"milliseconds": 5000}
      """
    Then the answer is the JSON-RPC error -32001 naming "timeout"
    And the backend "reference" received the cancellation within 3 seconds
    When the client calls the tool "reference_echo" with:
      """json
      {"message": "after the timeout"}
      """
    Then the answer says "after the timeout"

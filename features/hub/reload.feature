@hub
Feature: The hub follows its config file without a restart
  When the config file changes, the running hub starts the backends that were added and stops
  the ones removed; backends whose entry did not change keep running in the same process with
  the same session, and connected clients stay connected and are told the lists changed. A file
  that is not a valid config is refused: the hub says so in its log and keeps what it runs.

  Background:
    Given a hub with the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
      | time      | time server      | stdio     |

  @ac-goblin-decision-2-reload @ac-goblin-goal-5
  Scenario Outline: Added and removed backends, unchanged ones kept, over <transport>
    Given a client connected to the hub over <transport>
    And the process of the backend "reference" is noted
    When the hub's config changes to the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
      | clock     | time server      | sse       |
    Then the client is notified that the hub's tools changed
    When the client lists the tools
    Then the tools include "clock_get_current_time"
    And no tool of the backend "time" is listed
    And the backend "reference" still runs in the process noted before
    When the client calls the tool "reference_echo" with:
      """json
      {"message": "same session"}
      """
    Then the answer says "same session"

    Examples:
      | transport |
      | stdio     |
      | http      |

  @ac-goblin-decision-2-reload
  Scenario: A backend removed on its own is stopped, and the client is told
    Given a client connected to the hub over stdio
    When the hub's config changes to the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
    Then the client is notified that the hub's tools changed
    When the client lists the tools
    Then no tool of the backend "time" is listed
    And the tools include "reference_echo"

  @ac-goblin-decision-2-reload @ac-goblin-decision-4
  Scenario: An invalid config is refused and the running one kept
    Given a client connected to the hub over stdio
    When the hub's config file is replaced by the text "{\"servers\": [{\"name\": \"x\"}"
    Then the hub's log says "config reload refused"
    When the client lists the tools
    Then the tools include "time_get_current_time"
    And the tools include "reference_echo"

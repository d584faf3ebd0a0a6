@agent @ac-goblin-decision-1
Feature: A simulated agent runs multi-turn workflows against the server under test
  An agent talks to an MCP server over several turns: it picks a tool for what the user asks,
  calls it, reads the result, and carries what it learnt into the next call. The simulated agent
  does this deterministically, as a state machine (idle, choosing a tool, awaiting the result,
  processing, responding, done or failed), over a real session with the server under test. Each
  workflow is a table of the four kinds of step (user message, tool selection, result processing,
  context update) and declares the tools it expects and how it should end: success, partial or
  failure. A workflow that ends otherwise fails its scenario, naming each turn, the tool, the
  arguments sent and what came back. These workflows use the server's registered probes.

  @ac-goblin-goal-1 @ac-goblin-goal-5
  Scenario Outline: What one turn returned is carried into the next (<transport>)
    Given a client connected to the server under test over <transport>
    And the agent workflow "remember and repeat":
      | kind              | detail                                | with                                  |
      | context update    | phrase                                | carried across turns                  |
      | user message      | Please use the sample tool            |                                       |
      | tool selection    | the sample tool                       | first required argument = {{phrase}}  |
      | result processing | contains "{{phrase}}"                 |                                       |
      | result processing | capture first_answer by (.+)          |                                       |
      | user message      | Now say what you said before          |                                       |
      | tool selection    | the sample tool                       | first required argument = {{first_answer}} |
      | result processing | contains "{{first_answer}}"           |                                       |
      | result processing | is not a tool error                   |                                       |
    And it expects the tools "{{sample_tool}}, {{sample_tool}}" in order
    And it is expected to end in success
    When the agent runs the workflow
    Then the workflow ends as expected
    And the agent's response mentions "{{phrase}}"
    And the agent went through the states "idle, choosing a tool, awaiting the result, processing, choosing a tool, awaiting the result, processing, responding, done"

    Examples:
      | transport |
      | stdio     |
      | http      |
      | sse       |

  @ac-goblin-goal-1
  Scenario: The agent chooses the tool whose description matches what the user asks
    Given a client connected to the server under test over stdio
    And the agent workflow "choose from the descriptions":
      | kind              | detail                            | with |
      | user message      | {{sample_tool.description}}       |      |
      | result processing | is not a tool error               |      |
    And it expects the tools "{{sample_tool}}" as a set
    And it is expected to end in success
    When the agent runs the workflow
    Then the workflow ends as expected
    And the agent chose the tool "{{sample_tool}}" for turn 1

  @ac-goblin-goal-4
  Scenario: An expectation that does not hold makes the workflow partial, and it is reported as such
    Given a client connected to the server under test over stdio
    And the agent workflow "half done":
      | kind              | detail                                             | with |
      | tool selection    | the sample tool                                    |      |
      | result processing | is not a tool error                                |      |
      | tool selection    | the sample tool                                    |      |
      | result processing | contains "a phrase no server says on its own 0xC0FFEE" |  |
    And it expects the tools "{{sample_tool}}" as a set
    And it is expected to end in partial
    When the agent runs the workflow
    Then the workflow ends as expected

  @ac-goblin-goal-4
  Scenario: A tool error after a success makes the workflow partial
    Given a client connected to the server under test over stdio
    And the agent workflow "success then a tool error":
      | kind              | detail              | with |
      | tool selection    | the sample tool     |      |
      | result processing | is not a tool error |      |
      | tool selection    | the failing tool    |      |
    And it expects the tools "{{sample_tool}}, {{failing_tool}}" in order
    And it is expected to end in partial
    When the agent runs the workflow
    Then the workflow ends as expected

  @ac-goblin-goal-4
  Scenario: An expected tool error is part of a successful workflow
    Given a client connected to the server under test over stdio
    And the agent workflow "expected tool error":
      | kind              | detail            | with |
      | tool selection    | the failing tool  |      |
      | result processing | is a tool error   |      |
      | tool selection    | the sample tool   |      |
    And it expects the tools "{{failing_tool}}, {{sample_tool}}" in order
    And it is expected to end in success
    When the agent runs the workflow
    Then the workflow ends as expected

  @ac-goblin-goal-4
  Scenario: A workflow whose only tool does not exist ends in failure, reported as such
    Given a client connected to the server under test over stdio
    And the agent workflow "nothing works":
      | kind              | detail                                   | with |
      | user message      | Use a tool this server does not have     |      |
      | tool selection    | no-such-tool-from-the-acceptance-suite   | {}   |
    And it expects the tools "no-such-tool-from-the-acceptance-suite" as a set
    And it is expected to end in failure
    When the agent runs the workflow
    Then the workflow ends as expected

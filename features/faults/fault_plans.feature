@faults @ac-goblin-decision-4 @ac-goblin-goal-4
Feature: A fault plan hits exactly the messages it names, and the proxy passes on the rest
  A rule of the fault proxy can hit only the n-th message it matches, only the first few, the
  answer to one request, or each with a chance drawn from its seed. The draws are the same on every run and every version
  of the proxy, so a plan that found a defect finds it again. A plan can be in force from the
  proxy's start, so it hits the first messages of every connection. What the proxy does not
  break it passes on as it is, down to the server's own exit status.

  Background:
    Given each wait is bounded by 0.4 seconds

  Scenario: A rule for the n-th answer hits that answer only
    Given the server under test behind the fault proxy over stdio
    When the proxy drops the answer to the 2nd call of the sample tool
    And the client calls the sample tool through the proxy 4 times
    Then only the calls 1, 3 and 4 were answered

  Scenario: A rule for the first answers stops after them
    Given the server under test behind the fault proxy over stdio
    When the proxy drops the answers to the first 2 calls of the sample tool
    And the client calls the sample tool through the proxy 4 times
    Then only the calls 3 and 4 were answered

  Scenario: A rule for a request id hits the answer to that request only
    Given the server under test behind the fault proxy over stdio
    When the proxy drops the answer to the client's next request, chosen by its id
    And the client calls the sample tool through the proxy 3 times
    Then only the calls 2 and 3 were answered

  Scenario: Faults drawn by chance pick the same calls for the same seed
    Given the server under test behind the fault proxy over stdio
    When the proxy drops 50% of the answers to the sample tool, drawn with seed 4
    And the client calls the sample tool through the proxy 8 times
    Then only the calls 2, 3, 6 and 7 were answered
    And a new client with the same faults gets answers to the same calls

  Scenario: A plan in force from the start hits every new connection
    Given the server under test behind a fault proxy over stdio started with the plan to drop the answer to the 1st call of the sample tool
    When the client calls the sample tool through the proxy 2 times
    Then only the call 2 was answered
    When a new client calls the sample tool through the proxy 2 times
    Then only the call 2 was answered

  Scenario: A server that exits by itself is reported with its own exit status and stderr
    Given each wait is bounded by 2 seconds
    And the server command "sh -c 'echo fatal: no configuration file >&2; exit 7'"
    When a client tries to connect to the server under test through the fault proxy over stdio
    Then the attempt fails within 2 seconds
    And the failure says "exit status 7"
    And the failure says "fatal: no configuration file"

@faults @ac-goblin-decision-4 @ac-goblin-goal-4
Feature: Faults on the stdio link are diagnosed, and the server works again once healed
  The fault proxy sits between the client and the server under test and breaks the real byte
  stream as each example says. Whatever breaks, the client's step ends within its bound and says
  what happened: a timeout naming the request and the bound, the offending line, the end of the
  server's output with its exit status and last stderr lines, an answer over the size limit.
  Healing the proxy while the server runs makes calls work again; nothing is left running.

  Background:
    Given each wait is bounded by 2 seconds
    And the server under test behind the fault proxy over stdio

  Scenario Outline: A lost or stuck answer is a timeout naming the request (<fault>)
    When the proxy injects "<fault>" into the <leg> the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 3 seconds
    And the failure says "tools/call"
    And the failure says "got no usable answer"
    And the failure says "within 2.0s"
    When the proxy heals
    Then the same client's call of the sample tool through the proxy succeeds

    Examples:
      | fault | leg         |
      | drop  | answer to   |
      | drop  | request for |
      | hang  | answer to   |
      | hang  | request for |

  Scenario Outline: A corrupted answer is shown as it came (<fault>)
    When the proxy injects "<fault>" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "<diagnosis>"
    And the failure says <evidence>
    When the proxy heals
    Then the same client's call of the sample tool through the proxy succeeds

    Examples:
      | fault          | diagnosis                          | evidence                                       |
      | not JSON       | something that is not JSON-RPC     | "this line replaced a message and is not JSON" |
      | wrong id       | an answer to an unknown id         | '"id":"unknown-10'                             |

  Scenario: A truncated answer is shown as it came, cut in half
    When the proxy injects "truncated line" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "something that is not JSON-RPC"
    And the failure quotes the first half of the answer
    When the proxy heals
    Then the same client's call of the sample tool through the proxy succeeds

  Scenario Outline: The server's output ends (<fault>)
    Over stdio each connection starts its own proxy, so a new connection comes without faults.

    When the proxy injects "<fault>" into the <leg> the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "the server closed the connection"
    And the failure says "<status>"
    And the failure says "<stderr>"
    Then a new client's call of the sample tool through the proxy succeeds

    Examples:
      | fault              | leg         | status           | stderr                                      |
      | closed output      | answer to   | still running    | closing the output towards the client       |
      | exit with status 3 | request for | exit status 3    | exit fault: the server is killed            |

  Scenario: An oversized answer is refused above the client's limit of 1 MiB, and one below it arrives whole
    When the proxy injects "oversized to 2000000 bytes" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 2 seconds
    And the failure says "the answer is 2000000 bytes, over the client's limit of 1048576 bytes: refused"
    When the proxy heals
    And the proxy injects "oversized to 900000 bytes" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the call succeeds with the tool's answer padded to 900000 bytes

  Scenario: Answers stopped by a hang stay stopped, for every request, until the proxy heals
    When the proxy injects "hang" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 3 seconds
    When the client pings the server through the proxy
    Then the attempt fails within 3 seconds
    And the failure says "ping"
    And the failure says "within 2.0s"
    When the proxy heals
    Then the same client's call of the sample tool through the proxy succeeds

  Scenario Outline: Slow answers below the bound succeed, and the latency shows it (<fault>)
    When the proxy injects "<fault>" into the <leg> the sample tool
    And the client calls the sample tool through the proxy
    Then the call succeeds
    And the call took at least <ms> ms

    Examples:
      | fault            | leg         | ms  |
      | delay of 400 ms  | answer to   | 400 |
      | delay of 400 ms  | request for | 400 |
      | slow drip        | answer to   | 20  |

  Scenario: A duplicated answer is noticed and does not confuse the next call
    When the proxy injects "duplicate" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the call succeeds
    And the same client's call of the sample tool through the proxy succeeds
    And the client noted a second answer to the same request

  Scenario: Nothing is left running after a crash and a reconnection
    When the proxy injects "exit with status 3" into the request for the sample tool
    And the client calls the sample tool through the proxy
    Then a new client's call of the sample tool through the proxy succeeds
    When the client, the proxy and the server are ended
    Then no process of that server is left within 2 seconds

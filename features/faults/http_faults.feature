@faults @ac-goblin-decision-4 @ac-goblin-goal-4
Feature: Faults on HTTP links are diagnosed, and the server works again once healed
  The fault proxy is a reverse proxy in front of the server under test, over streamable HTTP
  and over legacy HTTP+SSE. A refused request names its HTTP status, a broken connection or
  event stream names the connection error, and both name the request they hit; lost answers are
  timeouts naming the request and the bound. Once the proxy heals, a new session works; nothing
  is left running.

  Background:
    Given each wait is bounded by 2 seconds

  Scenario Outline: An HTTP refusal names its status and the request (<fault> over <transport>)
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "<fault>" into the request for the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "tools/call"
    And the failure says "<diagnosis>"
    When the proxy heals
    Then a new client's call of the sample tool through the proxy succeeds

    Examples:
      | transport | fault    | diagnosis |
      | http      | HTTP 500 | HTTP 500  |
      | http      | HTTP 404 | HTTP 404  |
      | sse       | HTTP 500 | HTTP 500  |

  Scenario Outline: A reset connection names the connection error (<transport>)
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "connection reset" into the request for the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "tools/call"
    And the failure says "<diagnosis>"
    When the proxy heals
    Then a new client's call of the sample tool through the proxy succeeds

    Examples:
      | transport | diagnosis                                  |
      | http      | connection closed before message completed |
      | sse       | connection closed before message completed |

  Scenario Outline: An event stream cut in the middle of the answer names the break (<transport>)
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "cut stream" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 3 seconds
    And the failure says "tools/call"
    And the failure says "<diagnosis>"
    When the proxy heals
    Then a new client's call of the sample tool through the proxy succeeds

    Examples:
      | transport | diagnosis              |
      | http      | the event stream broke |
      | sse       | the SSE stream broke   |

  Scenario Outline: A lost session is refused with 404, and a new session works (<transport>)
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "lost session" into the request for the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "404"
    When the proxy heals
    Then a new client's call of the sample tool through the proxy succeeds

    Examples:
      | transport |
      | http      |
      | sse       |

  Scenario Outline: Lost and corrupted answers over <transport> (<fault>)
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "<fault>" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 3 seconds
    And the failure says "tools/call"
    And the failure says "<diagnosis>"
    When the proxy heals
    Then the same client's call of the sample tool through the proxy succeeds

    Examples:
      | transport | fault                      | diagnosis                                |
      | http      | drop                       | within 2.0s                              |
      | sse       | drop                       | within 2.0s                              |
      | http      | not JSON                   | not JSON-RPC                             |
      | sse       | not JSON                   | not JSON-RPC                             |
      | http      | wrong id                   | an answer to an unknown id               |
      | sse       | wrong id                   | an answer to an unknown id               |
      | http      | oversized to 2000000 bytes | over the client's limit of 1048576 bytes |
      | sse       | oversized to 2000000 bytes | over the client's limit of 1048576 bytes |

  Scenario Outline: A delayed answer below the bound succeeds over <transport>
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "delay of 400 ms" into the answer to the sample tool
    And the client calls the sample tool through the proxy
    Then the call succeeds
    And the call took at least 400 ms

    Examples:
      | transport |
      | http      |
      | sse       |

  Scenario Outline: Nothing is left running after an HTTP scenario (<transport>)
    Given the server under test behind the fault proxy over <transport>
    When the client, the proxy and the server are ended
    Then no process of that server is left within 2 seconds

    Examples:
      | transport |
      | http      |
      | sse       |

  Scenario Outline: A proxy that exits in the middle of a request breaks the connection (<transport>)
    Given the server under test behind the fault proxy over <transport>
    When the proxy injects "exit with status 3" into the request for the sample tool
    And the client calls the sample tool through the proxy
    Then the attempt fails within 1 seconds
    And the failure says "tools/call"
    And the failure says "connection closed before message completed"

    Examples:
      | transport |
      | http      |
      | sse       |

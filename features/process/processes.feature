@process
Feature: Starting, watching, stopping processes and reading their output
  Through mcp-process a client starts allowlisted programs, reads their resource use and output,
  and terminates them. Each scenario checks the server's answer and, where it matters, the
  operating system itself: the process really runs, really has its environment, really ends.
  Requirement page: docs/requirements/002-process.md

  The test program mcp-process-testee does on request what the scenarios need: print on either
  stream, print its environment, trap SIGTERM, burn CPU, allocate memory, sleep, crash. A
  scenario describes it by those behaviours, one in a sentence or several in a table.

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: process_start starts the program and says which process it is (requirement 4)

    @ac-process-4-1
    Scenario: A started process really runs
      Given a test program that sleeps 5 seconds
      When the client starts the test program
      Then the call succeeds
      And that process is running in the operating system

    @ac-process-4-2
    Scenario: The answer holds status success, the process id and the start time
      Given a test program that sleeps 5 seconds
      When the client starts the test program
      Then the result has:
        | status    | "success"      |
        | pid       | a JSON integer |
        | startTime | a time         |
      And that process is running in the operating system

    @ac-process-4-3
    Scenario: An allowlisted system program is accepted
      When the client starts "sleep" with the arguments "5"
      Then the call succeeds
      And the result has:
        | executable | "sleep" |
        | pid        | present |
        | startTime  | present |
        | timeoutMs  | present |
      And that process is running in the operating system

    @ac-process-4-4
    Scenario: A blocked program is refused as a security error
      When the client starts "sudo" with the arguments "id"
      Then the call fails with the code "EXECUTABLE_BLOCKED"
      And the server has started no process

    @ac-process-4-5
    Scenario: Environment variables given at start are set in the process
      Given a test program that:
        | prints the variable | GREETING  |
        | sleeps              | 5 seconds |
      When the client starts the test program with:
        """json
        {"env": {"GREETING": "hello from the suite"}}
        """
      Then the call succeeds
      And the environment of that process in the operating system has "GREETING=hello from the suite"
      When the client waits until the output of that process contains "GREETING=hello from the suite"
      Then the call succeeds

  Rule: process_get_stats reports the CPU and memory a process uses (requirement 5)

    @ac-process-5-1
    Scenario: Statistics of a process give its CPU and memory use
      Given a test program that sleeps 5 seconds
      When the client starts the test program
      And the client calls process_get_stats for that process
      Then the call succeeds
      And the result has:
        | cpuPercent | a JSON number |
        | memoryMB   | a JSON number |

    @ac-process-5-2
    Scenario: Statistics carry cpuPercent, memoryMB and a timestamp
      Given a test program that sleeps 5 seconds
      When the client starts the test program
      And the client calls process_get_stats for that process
      Then the result has:
        | cpuPercent | present |
        | memoryMB   | present |
        | timestamp  | a time  |

    @ac-process-5-3
    Scenario: Statistics follow what the running process really uses
      Given a test program that:
        | allocates | 40 MB      |
        | sleeps    | 10 seconds |
      When the client starts the test program
      And the client waits until the memory use of that process reaches 40 MB
      Then the call succeeds
      And the result has:
        | memoryMB | at least 40 |
      And the reported memory use is within 5 MB of the resident memory the operating system reports

    @ac-process-5-4
    Scenario: Statistics of a process the server never started are refused
      When the client calls process_get_stats for a process id the server never started
      Then the call fails with the code "PROCESS_NOT_FOUND"

    @ac-process-5-5
    Scenario: Statistics with history list the samples taken so far
      Given a test program that sleeps 5 seconds
      When the client starts the test program
      And 0.7 seconds pass
      And the client calls process_get_stats for that process with:
        """json
        {"includeHistory": true}
        """
      Then the call succeeds
      And the result has:
        | history | at least 2 entries, each with cpuPercent, memoryMB, timestamp |

  Rule: process_terminate ends a process, gracefully or by force (requirement 6)

    @ac-process-6-1
    Scenario: A terminated process is gone
      Given a test program that sleeps 60 seconds
      When the client starts the test program
      And the client calls process_terminate for that process
      Then the call succeeds
      And that process is gone from the operating system within 2 seconds

    @ac-process-6-2
    Scenario: Graceful termination sends SIGTERM and succeeds once the process has exited
      Given a test program that sleeps 60 seconds
      When the client starts the test program
      And the client calls process_terminate for that process
      Then the call succeeds
      And the result has:
        | signal            | "SIGTERM"  |
        | terminationReason | "graceful" |
      And that process is gone from the operating system within 2 seconds

    @ac-process-6-2
    Scenario: A process that ignores SIGTERM receives it, and is killed after the grace period
      Given a test program that:
        | ignores | SIGTERM    |
        | sleeps  | 60 seconds |
      When the client starts the test program
      And that process has set up its SIGTERM handler
      And the client calls process_terminate for that process with:
        """json
        {"gracePeriodMs": 300}
        """
      Then the call succeeds
      And the result has:
        | terminationReason | "escalated" |
        | signal            | "SIGKILL"   |
      And that process is gone from the operating system within 2 seconds
      When the client calls process_get_output for that process
      Then the result has:
        | stdout | contains "got SIGTERM" |

    @ac-process-6-3
    Scenario: Forced termination sends SIGKILL at once
      Given a test program that:
        | ignores | SIGTERM    |
        | sleeps  | 60 seconds |
      When the client starts the test program
      And that process has set up its SIGTERM handler
      And the client calls process_terminate for that process with:
        """json
        {"force": true}
        """
      Then the call succeeds
      And the result has:
        | signal            | "SIGKILL" |
        | terminationReason | "forced"  |
      And that process is gone from the operating system within 2 seconds
      When the client calls process_get_output for that process
      Then the result has:
        | stdout | does not contain "got SIGTERM" |

    @ac-process-6-4
    Scenario: The answer gives the exit code and the reason for the termination
      Given a test program that sleeps 60 seconds
      When the client starts the test program
      And the client calls process_terminate for that process
      Then the result has:
        | pid               | present    |
        | exitCode          | null       |
        | signal            | present    |
        | terminationReason | "graceful" |

    @ac-process-6-5
    Scenario: Terminating a process the server never started is an error
      When the client calls process_terminate for a process id the server never started
      Then the call fails with the code "PROCESS_NOT_FOUND"

  Rule: Output of a process is captured per stream and kept after it ends (requirement 7)

    @ac-process-7-1
    Scenario: With output capture on, both streams are buffered
      Given a test program that:
        | prints on stdout | "to stdout" |
        | prints on stderr | "to stderr" |
        | sleeps           | 5 seconds   |
      When the client starts the test program with:
        """json
        {"captureOutput": true}
        """
      And the client waits until the output of that process contains "to stdout" and "to stderr"
      Then the result has:
        | stdout | contains "to stdout" |
        | stderr | contains "to stderr" |

    @ac-process-7-2
    Scenario: The output names the stream each line came from
      Given a test program that:
        | prints on stdout | "line one" |
        | prints on stderr | "line two" |
        | sleeps           | 5 seconds  |
      When the client starts the test program
      And the client waits until the output of that process contains "line one" and "line two"
      Then the result has:
        | stdout | contains "line one" |
      And the output lines include "line one" from stdout
      And the output lines include "line two" from stderr

    @ac-process-7-3
    Scenario: What a process writes on stdout is in the output
      Given a test program that:
        | prints on stdout | "only stdout here" |
        | prints on stderr | "noise"            |
        | sleeps           | 5 seconds          |
      When the client starts the test program
      And the client waits until the output of that process contains "only stdout here" and "noise"
      And the client calls process_get_output for that process with:
        """json
        {"stream": "stdout"}
        """
      Then the result has:
        | stdout | contains "only stdout here" |
        | stdout | does not contain "noise"    |

    @ac-process-7-4
    Scenario: What a process writes on stderr is kept apart from stdout
      Given a test program that:
        | prints on stdout | "regular"   |
        | prints on stderr | "a warning" |
        | sleeps           | 5 seconds   |
      When the client starts the test program
      And the client waits until the output of that process contains "regular" and "a warning"
      And the client calls process_get_output for that process with:
        """json
        {"stream": "stderr"}
        """
      Then the result has:
        | stderr | contains "a warning"       |
        | stderr | does not contain "regular" |

    @ac-process-7-5
    Scenario: All output is there after the process has ended
      Given a test program that:
        | prints on stdout | "first"  |
        | prints on stdout | "second" |
        | prints on stderr | "third"  |
        | exits with code  | 0        |
      When the client starts the test program
      And the client waits until that process is exited
      And the client calls process_get_output for that process
      Then the result has:
        | state  | "exited"          |
        | stdout | contains "first"  |
        | stdout | contains "second" |
        | stderr | contains "third"  |

    @ac-process-7-5
    Scenario Outline: Up to 4 MiB of a stream is kept whole; beyond that it is cut and marked truncated (<bytes> bytes)
      Given a test program that:
        | writes on stdout | <bytes> bytes |
        | exits with code  | 0             |
      When the client starts the test program
      And the client waits until that process is exited
      And the client calls process_get_output for that process with:
        """json
        {"stream": "stderr"}
        """
      Then the result has:
        | truncated | <truncated> |

      Examples:
        | bytes   | truncated |
        | 4194304 | false     |
        | 4194305 | true      |

@process
Feature: Resource limits and timeouts
  A client can bound what a process may use: CPU (percent of one core, over three consecutive
  samples), memory (resident MiB), and time. mcp-process watches every process it started and
  kills the one that goes over, saying which limit it broke. The test program really burns CPU,
  really allocates memory and really sleeps.
  Requirement page: docs/requirements/002-process.md

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: A process over its CPU or memory limit is killed, and the client is told (requirement 14)

    @ac-process-14-1
    Scenario: A process burning CPU above its limit is killed
      Given a test program that burns CPU
      When the client starts the test program with:
        """json
        {"resourceLimits": {"maxCpuPercent": 20}}
        """
      And the client waits until that process is limit_exceeded
      Then the result has:
        | reason | "cpu limit exceeded" |
      And that process is gone from the operating system within 2 seconds

    @ac-process-14-2
    Scenario: A process allocating memory above its limit is killed
      Given a test program that:
        | allocates | 300 MB     |
        | sleeps    | 60 seconds |
      When the client starts the test program with:
        """json
        {"resourceLimits": {"maxMemoryMB": 50}}
        """
      And the client waits until that process is limit_exceeded
      Then the result has:
        | reason | "memory limit exceeded" |
      And that process is gone from the operating system within 2 seconds

    @ac-process-14-3
    Scenario: Waiting for a process that breaks its limit ends in a resource limit error
      Given a test program that:
        | allocates | 300 MB     |
        | sleeps    | 60 seconds |
      When the client starts the test program with:
        """json
        {"resourceLimits": {"maxMemoryMB": 50}, "waitForExit": true, "timeoutMs": 20000}
        """
      Then the call fails with the code "RESOURCE_LIMIT_EXCEEDED"
      And the result has:
        | limit | "memory" |
      And the error message mentions "maxMemoryMB 50"

    @ac-process-14-4
    Scenario: Resource usage is reported together with the configured limits
      Given a test program that sleeps 5 seconds
      When the client starts the test program with:
        """json
        {"resourceLimits": {"maxCpuPercent": 90, "maxMemoryMB": 500}}
        """
      And the client calls process_get_stats for that process
      Then the call succeeds
      And the result has:
        | cpuPercent           | a JSON number |
        | memoryMB             | a JSON number |
        | limits.maxCpuPercent | 90            |
        | limits.maxMemoryMB   | 500           |
      When 1.2 seconds pass
      And the client calls process_get_status for that process
      Then the result has:
        | state | "running" |

    @ac-process-14-5
    Scenario: A process killed for its limit is reaped and no longer running
      Given a test program that:
        | allocates | 300 MB     |
        | sleeps    | 60 seconds |
      When the client starts the test program with:
        """json
        {"resourceLimits": {"maxMemoryMB": 50}}
        """
      And the client waits until that process is limit_exceeded
      Then that process has been reaped within 2 seconds
      When the client calls process_list with:
        """json
        {}
        """
      Then the processes listed include that process
      When the client calls process_terminate for that process
      Then the call fails with the code "PROCESS_NOT_FOUND"

  Rule: A process over its time is killed, and its timeout can be extended (requirement 15)

    @ac-process-15-1
    Scenario: A process that runs past its timeout is killed
      Given a test program that sleeps 60 seconds
      When the client starts the test program with:
        """json
        {"timeoutMs": 500}
        """
      And the client waits until that process is timed_out
      Then that process is gone from the operating system within 2 seconds

    @ac-process-15-2
    Scenario: Waiting for a process that times out gives a timeout error and the output so far
      Given a test program that:
        | prints on stdout | "written before the timeout" |
        | sleeps           | 60 seconds                   |
      When the client starts the test program with:
        """json
        {"timeoutMs": 500, "waitForExit": true}
        """
      Then the call fails with the code "TIMEOUT"
      And the result has:
        | stdout     | contains "written before the timeout" |
        | durationMs | at least 500                          |
      And that process is gone from the operating system within 2 seconds

    @ac-process-15-3
    Scenario: An extended timeout keeps the process running past its first deadline
      Given a test program that sleeps 60 seconds
      When the client starts the test program with:
        """json
        {"timeoutMs": 800}
        """
      And the client calls process_extend_timeout for that process with:
        """json
        {"additionalMs": 5000}
        """
      Then the call succeeds
      And the result has:
        | timeoutMs | 5800   |
        | deadline  | a time |
      When 1.2 seconds pass
      And the client calls process_get_status for that process
      Then the result has:
        | state     | "running"     |
        | timeoutMs | 5800          |
        | uptimeMs  | at least 1000 |
      And that process is running in the operating system

    @ac-process-15-3 @ac-process-15-5
    Scenario: A timeout can be extended up to the server's maximum, and no further
      Given a test program that sleeps 60 seconds
      When the client starts the test program with:
        """json
        {"timeoutMs": 1000}
        """
      And the client calls process_extend_timeout for that process with:
        """json
        {"additionalMs": 299000}
        """
      Then the call succeeds
      And the result has:
        | timeoutMs | 300000 |
      When the client calls process_extend_timeout for that process with:
        """json
        {"additionalMs": 1}
        """
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "maxTimeoutMs 300000"

    @ac-process-15-4
    Scenario: A process that ends before its timeout gives success and all its output
      Given a test program that:
        | prints on stdout | "all done"       |
        | prints on stderr | "with a warning" |
        | exits with code  | 0                |
      When the client starts the test program with:
        """json
        {"timeoutMs": 5000, "waitForExit": true}
        """
      Then the call succeeds
      And the result has:
        | exitCode | 0                         |
        | stdout   | contains "all done"       |
        | stderr   | contains "with a warning" |

    @ac-process-15-5
    Scenario: Without a timeout the server's default applies
      Given a test program that sleeps 5 seconds
      When the client starts the test program
      Then the result has:
        | timeoutMs | 30000 |
      When the client calls process_get_status for that process
      Then the result has:
        | timeoutMs | 30000 |

    @ac-process-15-5
    Scenario: A timeout of exactly the server's maximum is accepted
      Given a test program that sleeps 5 seconds
      When the client starts the test program with:
        """json
        {"timeoutMs": 300000}
        """
      Then the call succeeds
      And the result has:
        | timeoutMs | 300000 |

    @ac-process-15-5
    Scenario: A timeout above the server's maximum is refused
      Given a test program that sleeps 5 seconds
      When the client starts the test program with:
        """json
        {"timeoutMs": 300001}
        """
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "timeoutMs"

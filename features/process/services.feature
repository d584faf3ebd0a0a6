@process
Feature: Long-running services
  A service is a named, supervised process: mcp-process starts it, reports its state and health,
  restarts it when it crashes if asked to, and stops it gracefully.
  Requirement page: docs/requirements/002-process.md

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: Services are started, watched, restarted and stopped (requirement 8)

    @ac-process-8-1
    Scenario: Starting a service gives its service id
      Given a test program that sleeps 60 seconds
      When the client starts the test program as the service "web"
      Then the call succeeds
      And the result has:
        | serviceId | a JSON string |

    @ac-process-8-1
    Scenario: Services are told apart by name: a second one of the same name is refused while the first runs
      Given a test program that sleeps 60 seconds
      When the client starts the test program as the service "web"
      And the client starts the test program as the service "mail"
      Then the call succeeds
      When the client starts the test program as the service "web"
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "already running"

    @ac-process-8-2
    Scenario: A started service reports its id, its process and that it is running
      Given a test program that sleeps 60 seconds
      When the client starts the test program as the service "worker"
      Then the result has:
        | serviceId | present   |
        | pid       | present   |
        | state     | "running" |
      And that process is running in the operating system

    @ac-process-8-3
    Scenario: Stopping a service ends its process
      Given a test program that sleeps 60 seconds
      When the client starts the test program as the service "queue"
      And the client calls process_stop_service for that service
      Then the call succeeds
      And the result has:
        | state | "stopped" |
      And that process is gone from the operating system within 3 seconds
      When the client calls process_get_service_status for that service
      Then the result has:
        | state | "stopped" |

    # The service ignores SIGTERM, so the server waits its 2 s grace period before SIGKILL.
    @ac-process-8-3 @slow
    Scenario: Stopping a service asks it to end with SIGTERM first
      Given a test program that:
        | ignores | SIGTERM    |
        | sleeps  | 60 seconds |
      When the client starts the test program as the service "stubborn"
      And that process has set up its SIGTERM handler
      And the client calls process_stop_service for that service
      Then the result has:
        | state | "stopped" |
      And that process is gone from the operating system within 0.5 seconds
      When the client calls process_get_output for that process
      Then the result has:
        | stdout | contains "got SIGTERM" |

    @ac-process-8-4
    Scenario: A crashing service with auto-restart is started again
      Given a test program that crashes after 1 second
      When the client starts the test program as the service "flaky" with:
        """json
        {"autoRestart": true, "maxRestarts": 5, "healthCheckIntervalMs": 100}
        """
      And the client waits until that service has restarted
      Then the service runs under a new process id
      And the result has:
        | restarts     | at least 1 |
        | lastExitCode | 3          |

    @ac-process-8-4
    Scenario: A crashing service without auto-restart stays down, as failed
      Given a test program that crashes after 0.3 seconds
      When the client starts the test program as the service "fragile" with:
        """json
        {"autoRestart": false, "healthCheckIntervalMs": 100}
        """
      And the client waits until that process is exited
      And 0.5 seconds pass
      And the client calls process_get_service_status for that service
      Then the result has:
        | state        | "failed" |
        | restarts     | 0        |
        | lastExitCode | 3        |

    @ac-process-8-5
    Scenario: The status of a service gives its state and health
      Given a test program that sleeps 60 seconds
      When the client starts the test program as the service "api"
      And the client calls process_get_service_status for that service
      Then the call succeeds
      And the result has:
        | state        | "running" |
        | health       | "healthy" |
        | restarts     | 0         |
        | serviceId    | present   |
        | pid          | present   |
        | lastExitCode | present   |

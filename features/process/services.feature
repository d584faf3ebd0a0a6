@process
Feature: Long-running services
  A service is a named, supervised process: mcp-process starts it, reports its state and health,
  restarts it when it crashes if asked to, and stops it gracefully.

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: Services are started, watched, restarted and stopped (requirement 8)

    @ac-process-8-1
    Scenario: Starting a service gives its service id
      When the client calls process_start_service with:
        """json
        {"name": "web", "executable": "mcp-process-testee", "args": ["--sleep-ms", "60000"]}
        """
      Then the call succeeds
      And the result's serviceId is a JSON string

    @ac-process-8-2
    Scenario: A started service reports its id, its process and that it is running
      When the client calls process_start_service with:
        """json
        {"name": "worker", "executable": "mcp-process-testee", "args": ["--sleep-ms", "60000"]}
        """
      Then the result has the fields "serviceId, pid"
      And the result's state is "running"
      And that process is running in the operating system

    @ac-process-8-3
    Scenario: Stopping a service ends its process
      When the client calls process_start_service with:
        """json
        {"name": "queue", "executable": "mcp-process-testee", "args": ["--sleep-ms", "60000"]}
        """
      And the client calls process_stop_service for that service
      Then the call succeeds
      And the result's state is "stopped"
      And that process is gone from the operating system within 3 seconds
      When the client calls process_get_service_status for that service
      Then the result's state is "stopped"

    # The service ignores SIGTERM, so the server waits its 2 s grace period before SIGKILL.
    @ac-process-8-3 @slow
    Scenario: Stopping a service asks it to end with SIGTERM first
      When the client calls process_start_service with:
        """json
        {"name": "stubborn", "executable": "mcp-process-testee", "args": ["--trap-sigterm", "--sleep-ms", "60000"]}
        """
      And that process has set up its SIGTERM handler
      And the client calls process_stop_service for that service
      Then the result's state is "stopped"
      And that process is gone from the operating system within 0.5 seconds
      When the client calls process_get_output for that process
      Then the result's stdout contains "got SIGTERM"

    @ac-process-8-4
    Scenario: A crashing service with auto-restart is started again
      When the client calls process_start_service with:
        """json
        {"name": "flaky", "executable": "mcp-process-testee", "args": ["--crash-after-ms", "300"],
         "autoRestart": true, "maxRestarts": 5, "healthCheckIntervalMs": 100}
        """
      And the client waits until that service has restarted
      Then the service runs under a new process id
      And the result's restarts is at least 1
      And the result's lastExitCode is "3"

    @ac-process-8-5
    Scenario: The status of a service gives its state and health
      When the client calls process_start_service with:
        """json
        {"name": "api", "executable": "mcp-process-testee", "args": ["--sleep-ms", "60000"]}
        """
      And the client calls process_get_service_status for that service
      Then the call succeeds
      And the result's state is "running"
      And the result's health is "healthy"
      And the result's restarts is "0"
      And the result has the fields "serviceId, pid, lastExitCode"

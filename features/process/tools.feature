@process
Feature: Discovering the process tools and their refusals
  A client finds out what mcp-process can do from tools/list: every tool with a description and
  an input schema that types each parameter. A call the server cannot serve is refused as a tool
  error that says why, with a code, a message and status "error".
  Requirement page: docs/requirements/002-process.md

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: tools/list shows every process tool with its parameters (requirement 3)

    @ac-process-3-1
    Scenario: tools/list returns all the process tools
      When the client lists the tools
      Then the tools are exactly "process_start, process_terminate, process_get_status, process_list, process_get_stats, process_get_output, process_extend_timeout, process_start_service, process_stop_service, process_get_service_status"

    @ac-process-3-2
    Scenario: The core tools to start, terminate, inspect and list processes are there
      When the client lists the tools
      Then the tools include "process_start, process_terminate, process_get_status, process_list"

    @ac-process-3-3
    Scenario: Every tool is described
      When the client lists the tools
      Then every tool has a name, a description and an input schema
      And every tool has a unique, non-empty name

    @ac-process-3-4
    Scenario: Every parameter is typed and every required one declared
      When the client lists the tools
      Then every tool's input schema is a valid JSON Schema of type object
      And every parameter of every tool has a type, and every required parameter is declared

    @ac-process-3-5
    Scenario Outline: The schema of <tool> has the expected parameters
      When the client lists the tools
      Then the tool "<tool>" takes "<parameters>"

      Examples:
        | tool                       | parameters                                                                                                                                                      |
        | process_start              | executable: string (required), args: array, cwd: string, env: object, captureOutput: boolean, timeoutMs: integer, resourceLimits: object, waitForExit: boolean |
        | process_terminate          | pid: integer (required), force: boolean, gracePeriodMs: integer                                                                                                 |
        | process_get_status         | pid: integer (required)                                                                                                                                         |
        | process_list               |                                                                                                                                                                 |
        | process_get_stats          | pid: integer (required), includeHistory: boolean                                                                                                                |
        | process_get_output         | pid: integer (required), stream: string                                                                                                                         |
        | process_extend_timeout     | pid: integer (required), additionalMs: integer (required)                                                                                                       |
        | process_start_service      | name: string (required), executable: string (required), args: array, env: object, autoRestart: boolean, maxRestarts: integer, healthCheckIntervalMs: integer    |
        | process_stop_service       | serviceId: string (required)                                                                                                                                    |
        | process_get_service_status | serviceId: string (required)                                                                                                                                    |

  Rule: Calls the server cannot serve are tool errors with a code and a message (requirement 9)

    @ac-process-9-1
    Scenario: An unknown tool is a tool error
      When the client calls process_teleport with:
        """json
        {"pid": 1}
        """
      Then the call fails with the code "UNKNOWN_TOOL"
      And the error message mentions "process_teleport"

    @ac-process-9-2
    Scenario: A missing required argument is a validation error naming it
      When the client calls process_start with:
        """json
        {"args": ["hello"]}
        """
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "executable"

    @ac-process-9-3
    Scenario: An argument of the wrong type is a type error naming the expected type
      When the client calls process_get_status with:
        """json
        {"pid": "not-a-number"}
        """
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "pid"
      And the error message mentions "integer"

    @ac-process-9-3
    Scenario Outline: An argument out of its range or of the wrong type is refused, naming it (<case>)
      When the client calls <tool> with:
        """json
        <arguments>
        """
      Then the call fails with the code "INVALID_ARGUMENT"
      And the error message mentions "<mention>"

      Examples:
        | case                         | tool               | arguments                                                                      | mention        |
        | a process id below 1         | process_get_status | {"pid": 0}                                                                     | pid            |
        | a grace period above an hour | process_terminate  | {"pid": 1, "gracePeriodMs": 3600001}                                           | gracePeriodMs  |
        | a CPU limit of 0             | process_start      | {"executable": "sleep", "args": ["1"], "resourceLimits": {"maxCpuPercent": 0}} | maxCpuPercent  |
        | a fraction for a process id  | process_get_status | {"pid": 1.5}                                                                   | got a number   |
        | a number for a name          | process_start      | {"executable": 42}                                                             | got an integer |
        | a negative number for a name | process_start      | {"executable": -3}                                                             | got an integer |

    @ac-process-9-3
    Scenario Outline: An argument at the edge of its range is accepted (<case>)
      When the client calls <tool> with:
        """json
        <arguments>
        """
      Then the call fails with the code "PROCESS_NOT_FOUND"

      Examples:
        | case                      | tool               | arguments                            |
        | the lowest process id     | process_get_status | {"pid": 1}                           |
        | a grace period of an hour | process_terminate  | {"pid": 1, "gracePeriodMs": 3600000} |
        | no grace period           | process_terminate  | {"pid": 1, "gracePeriodMs": 0}       |

    @ac-process-9-4
    Scenario: An error carries status "error", a code and a message
      When the client calls process_get_status for a process id the server never started
      Then the result has:
        | status  | "error" |
        | code    | present |
        | message | present |
      And the call fails with the code "PROCESS_NOT_FOUND"

    @ac-process-9-5
    Scenario: Malformed JSON-RPC gets a protocol error and the server carries on
      Given an initialized raw connection to the server under test over stdio
      When the client sends the frame:
        """json
        {"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "process_list"
        """
      Then the server answers with error code -32700 and a null id
      And the server still answers a ping

@protocol @tasks @since-2025-11-25
Feature: Tasks (2025-11-25)
  A client may ask a server to run a tool call as a task: the server answers at once with a
  task, and the client asks for the task's status, its result, the list of tasks, or cancels
  it. A server says which requests it takes as tasks; one that does not take tool calls as
  tasks runs a call that asks for a task like any other call. Tasks are experimental in
  2025-11-25 (the 2026-07-28 revision moves them to an extension).

  The task tool is the server's probe for a tool call that runs as a task for a few seconds
  (fixtures/servers.toml, `task_tool`); the scenarios are skipped for a server without it or
  without the capability they need.

  The specification (docs/spec/006-tasks.md): a server that takes tasks declares them (task-1);
  one that does not runs the call normally (task-2); a tool that must run as a task refuses a
  normal call (task-4); task ids are the server's, strings, unique (task-5); a task starts
  working and ends in a final status (task-6); the answer to the call is the task (task-7);
  every task answer has its times, the status its time to live (task-8); the result is the
  call's own result (task-9) marked with its task (task-10); the task id in the params wins
  over metadata (task-11); every task is listed (task-12); cancelling (task-13); unknown ids
  are invalid params (task-14).

  Rule: A server that does not take tool calls as tasks runs them normally

    @spec-task-2
    Scenario Outline: A tool call asking for a task is answered normally over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server does not take tool calls as tasks
      When the client calls the sample tool as a task
      Then the call succeeds
      And the result text contains the sample tool's expected text

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A server that takes tool calls as tasks answers with a task and keeps it

    @spec-task-1 @spec-task-5 @spec-task-6 @spec-task-7 @spec-task-8
    Scenario Outline: Starting a task and reading its status over <transport>
      Given an initialized raw connection to the server under test over <transport>
      When the client calls the task tool as a task
      Then the server answers with a new working task
      And the server declares that it takes tool calls as tasks
      When the client asks for the task's status
      Then the answer describes the task with its times and its time to live

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-task-6 @spec-task-9 @spec-task-10
    Scenario Outline: The result of a task is the tool's result over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server takes tool calls as tasks
      When the client starts a task
      And the client asks for the task's result
      Then the answer is the tool's result, marked as belonging to the task
      And the task's status is now completed or failed

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-task-5
    Scenario: Two tasks get two ids
      Given an initialized raw connection to the server under test over stdio
      And the server takes tool calls as tasks
      When the client starts a task
      And the client starts a task
      Then the two tasks have different ids

    @spec-task-11
    Scenario: The task id in the request names the task, whatever the metadata says
      Given an initialized raw connection to the server under test over stdio
      And the server takes tool calls as tasks
      When the client starts a task
      And the client asks for the task's status, naming another task in the related-task metadata
      Then the answer describes the task with its times and its time to live

    @spec-task-4
    Scenario: A tool that must run as a task refuses a normal call
      Given an initialized raw connection to the server under test over stdio
      And the server takes tool calls as tasks
      And the task tool must be called as a task
      When the client calls the task tool normally
      Then the server answers with error code -32601

  Rule: Tasks are listed and cancelled where the server offers it

    @spec-task-12
    Scenario Outline: Every task is listed over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server takes tool calls as tasks
      And the server takes list requests for tasks
      When the client starts a task
      Then the list of tasks includes the task

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-task-13
    Scenario Outline: A cancelled task stays cancelled over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server takes tool calls as tasks
      And the server takes cancel requests for tasks
      When the client starts a task
      And the client asks for the task's cancellation
      Then the answer says the task is cancelled
      And the task's status is now cancelled
      When the client asks for the task's cancellation
      Then the server answers with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A task id the server never handed out is invalid params

    @spec-task-14
    Scenario Outline: Asking for the <operation> of an unknown task
      Given an initialized raw connection to the server under test over stdio
      And the server takes tool calls as tasks
      When the client asks for the <operation> of a task that never existed
      Then the server answers with error code -32602

      Examples:
        | operation    |
        | status       |
        | result       |
        | cancellation |

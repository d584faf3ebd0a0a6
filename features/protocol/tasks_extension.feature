@protocol @stateless @tasks
Feature: The tasks extension (2026-07-28)
  In the 2026-07-28 revision tasks are an extension: a client says in each request that it
  can handle a task, and the server alone decides whether a call runs as one. It then answers
  at once with a task handle; the client polls the task until it has ended, reading the
  call's result from it, and may cancel it. A server never hands a task to a client that did
  not say it could take one.

  The calls use the server's probe for a call it runs as a task (fixtures/servers.toml,
  `tasks_extension_tool`); the scenarios are skipped for a server that does not speak the
  stateless protocol or does not offer the extension.

  The specification (docs/spec/013-tasks-extension.md): no task for a client that did not
  declare the extension, and the 2025-11-25 opt-in changes nothing (xtask-1, xtask-11); the
  handle is marked "task" (xtask-2) and the task can be polled as soon as it is handed out
  (xtask-3); a poll is marked "complete" and carries the result once completed (xtask-4); an
  unknown task is invalid params (xtask-5); a client that did not declare the extension is
  refused with -32021 (xtask-6); cancelling is acknowledged (xtask-7); tasks/result is gone
  (xtask-8); the old capabilities are not declared beside the extension (xtask-12); cancelling a
  task that never existed should be an error (xtask-15).

  Rule: A task only for a client that can take one

    @spec-xtask-2 @spec-xtask-3 @spec-xtask-12
    Scenario Outline: A call runs as a task and can be polled at once over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      Then the server does not also declare the tasks capability of 2025-11-25
      When the client calls the extension's task tool, declaring the tasks extension
      Then the server answers with a task handle
      When the client polls the task
      Then the answer reports the task
      And the result is marked "complete"

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-xtask-1 @spec-xtask-11
    Scenario Outline: No task for a client that did not declare the extension over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client calls the extension's task tool, declaring nothing
      Then the call is not answered with a task

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: The task is polled until it ends, and may be cancelled

    @spec-xtask-4
    Scenario Outline: A finished task carries the call's result over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client calls the extension's task tool, declaring the tasks extension
      Then the server answers with a task handle
      When the client polls the task until it ends
      Then the task has completed with the tool's result

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-xtask-7
    Scenario: Cancelling a task is acknowledged
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client calls the extension's task tool, declaring the tasks extension
      Then the server answers with a task handle
      When the client cancels the task
      Then the server acknowledges it
      When the client polls the task
      Then the answer reports the task

  Rule: Requests the extension refuses

    @spec-xtask-5
    Scenario: Polling a task that never existed is invalid params
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client polls a task that never existed
      Then the server answers with error code -32602

    # SHOULD (xtask-15): a cancellation the server takes for a task it never issued is a
    # warning.
    @spec-xtask-15
    Scenario: Cancelling a task that never existed is an error
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client cancels a task that never existed
      Then the server should answer with an error

    @spec-xtask-6
    Scenario: Polling without declaring the extension is refused
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client calls the extension's task tool, declaring the tasks extension
      Then the server answers with a task handle
      When the client polls the task, declaring nothing
      Then the server answers with error code -32021

    @spec-xtask-8
    Scenario: There is no tasks/result under the extension
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client calls the extension's task tool, declaring the tasks extension
      Then the server answers with a task handle
      When the client asks for the result of the task
      Then the server answers with error code -32601

@protocol @stateless
Feature: Subscriptions to change notifications (2026-07-28)
  From protocol version 2026-07-28 a client hears about changes only when it asks: it opens a
  subscription naming the kinds of change it wants to hear about (the tools, prompts or
  resources list changing, or named resources being updated), and the server sends those, and
  only those, until one side ends the subscription. Over HTTP the subscription is the event
  stream that answers the request; over stdio it shares the one channel, so each of its
  messages names the subscription by the id of the request that opened it.

  What the specification asks of the server (docs/spec/012-delta-2026-07-28.md):
  - p26-3: the first message of a subscription is its acknowledgment, naming the
    subscription; nothing is sent on it before;
  - p26-2: only the kinds of change the client asked for are sent;
  - p26-4: every notification of a subscription names it;
  - p26-1: a server that ends a subscription itself cancels it with a notification naming it,
    and sends that notification for nothing else;
  - p26-5 (should): a subscription the server ends also gets a final, successful answer;
  - p26-6 (should): a server that declares list changes or resource subscriptions tells the
    subscribers that asked. A miss of a "should" is a warning;
  - xtask-14 (the tasks extension, docs/spec/013-tasks-extension.md): task notifications are
    refused to a client that does not declare the extension, and a subscription to them
    carries no progress or log messages.

  The changes come from the registry's probes (fixtures/servers.toml: tools_list_changing_tool,
  prompts_list_changing_tool, resources_list_changing_tool, watched_resource; the task comes
  from tasks_extension_tool). A server that
  does not answer server/discover, declares no change it can notify, or lacks the probe a
  scenario needs, is skipped with the reason.

  Rule: A subscription is acknowledged before anything else is sent on it

    @spec-p26-3 @spec-p26-4
    Scenario Outline: Opening a subscription over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client subscribes to every change the server declares
      Then the subscription is acknowledged before anything else is sent on it
      And each notification on the subscription names it

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A subscription carries only the changes it asked for, each naming the subscription

    @spec-p26-2 @spec-p26-4 @spec-p26-6 @spec-p26-1
    Scenario Outline: Subscribing to the tools list only over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the tools.listChanged capability
      When the client subscribes to changes of the tools list only
      Then the subscription is acknowledged before anything else is sent on it
      When the client changes everything else it can without a handshake
      And the client changes the tools list without a handshake
      Then the subscription should carry each change it asked for
      And the subscription carried only the changes it asked for
      And each notification on the subscription names it
      And the server cancelled nothing but the client's subscription

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-p26-2 @spec-p26-4 @spec-p26-6 @spec-p26-1
    Scenario Outline: Subscribing to one resource's updates only over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the resources.subscribe capability
      When the client subscribes to updates of the watched resource only
      Then the subscription is acknowledged before anything else is sent on it
      When the client changes everything else it can without a handshake
      And the client changes the watched resource without a handshake
      Then the subscription should carry each change it asked for
      And the subscription carried only the changes it asked for
      And each notification on the subscription names it
      And the server cancelled nothing but the client's subscription

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A subscription the client ends is over

    # The server cancels only a subscription it ends itself (p26-1); what it sends on a
    # subscription the client ended is not worded as a rule, so it is a warning.
    @spec-p26-1
    Scenario: The client ends its subscription over stdio
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server declares the tools.listChanged capability
      When the client subscribes to changes of the tools list only
      Then the subscription is acknowledged before anything else is sent on it
      When the client ends the subscription
      And the client changes the tools list without a handshake
      Then the server should send nothing more on the subscription

    @spec-p26-6
    Scenario: The client ends one of two subscriptions over stdio
      Given a raw connection to the server under test over stdio
      And the server speaks the stateless protocol
      And the server declares the tools.listChanged capability
      When the client subscribes to changes of the tools list only
      Then the subscription is acknowledged before anything else is sent on it
      When the client opens a second subscription to the same changes
      And the client ends the first subscription
      And the client changes the tools list without a handshake
      Then the server should send nothing more on the subscription
      And the second subscription should still carry the change

  Rule: A server that ends a subscription itself cancels it, naming it

    # Asking the server to stop is the one way to make any server end a subscription: the
    # suite sends SIGTERM to the server it started. A server that just exits ends the
    # subscription by closing the transport, which the specification allows; that scenario
    # is then skipped with the reason (the final answer is still a "should").
    @spec-p26-1 @spec-p26-5
    Scenario Outline: The server stops while a subscription is open over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client subscribes to every change the server declares
      Then the subscription is acknowledged before anything else is sent on it
      When the server is asked to stop
      Then the server should end the subscription with a final result naming it
      And a subscription the server ends is cancelled by a notification naming it
      And the server cancelled nothing but the client's subscription

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: Task notifications need the tasks extension, and carry no progress or log messages

    # The tasks extension (docs/spec/013-tasks-extension.md, xtask-14): a client that asks for
    # a task's notifications without declaring the extension is refused with -32021 (over HTTP
    # with status 400); a subscription to a task's notifications never carries progress or log
    # messages, which belong to a request's own answer.
    @spec-xtask-14
    Scenario Outline: Asking for a task's notifications without declaring the tasks extension over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client subscribes to a task's notifications without declaring the tasks extension
      Then the server refuses it with error code -32021, over HTTP with status 400

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-xtask-14 @spec-p26-3
    Scenario Outline: A subscription to a task's notifications over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server offers the tasks extension
      When the client calls the extension's task tool, declaring the tasks extension
      Then the server answers with a task handle
      When the client subscribes to the task's notifications, declaring the tasks extension
      Then the subscription is acknowledged before anything else is sent on it
      When the client polls the task until it ends
      Then the subscription carried no progress and no log messages
      And the subscription carried only the changes it asked for
      And each notification on the subscription names it

      Examples:
        | transport |
        | stdio     |
        | http      |

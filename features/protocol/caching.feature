@protocol @stateless
Feature: Caching hints (2026-07-28)
  From protocol version 2026-07-28 a server tells its clients how long they may keep an answer
  and who may share it: every complete answer to server/discover, to each list and to a
  resource read carries a time to live in milliseconds (a whole number, zero or more) and a
  cache scope, public or private (s26-6, s26-7). A list served in pages carries the hints on
  every page, all pages with the same scope (s26-7).

  These scenarios run when the server answers server/discover; a server that speaks only the
  handshake protocols is skipped with its answer as the reason, unless the server registry says
  it supports 2026-07-28. A list the server does not offer is skipped with the reason. The IDs
  name statements of docs/spec/012-delta-2026-07-28.md.

  Rule: The discovery says how long it stays fresh and who may share it

    @spec-s26-6 @spec-s26-7
    Scenario Outline: The discovery carries caching hints over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      Then the discovery carries caching hints

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: Every page of every list carries caching hints, one scope for the whole list

    @spec-s26-6 @spec-s26-7
    Scenario Outline: The <list> list carries caching hints on every page over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the <capability> capability
      When the client walks the <list> list without a handshake
      Then every page carries caching hints, all with the same cache scope

      Examples:
        | list               | capability | transport |
        | tools              | tools      | stdio     |
        | prompts            | prompts    | stdio     |
        | resources          | resources  | stdio     |
        | resource templates | resources  | stdio     |
        | tools              | tools      | http      |
        | prompts            | prompts    | http      |
        | resources          | resources  | http      |
        | resource templates | resources  | http      |

  Rule: A resource read carries caching hints

    @spec-s26-6 @spec-s26-7
    Scenario Outline: Reading a resource gives caching hints over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the resources capability
      When the client reads the first listed resource without a handshake
      Then the result carries caching hints

      Examples:
        | transport |
        | stdio     |
        | http      |

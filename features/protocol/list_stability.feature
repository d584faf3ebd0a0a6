@protocol @stateless
Feature: Lists are the same for every connection (2026-07-28)
  From protocol version 2026-07-28 a list is the server's current set of tools, prompts,
  resources or resource templates: it does not depend on the connection that asks, nor on
  requests that changed nothing (s26-1). A list walked from one connection, then from a second
  one after a call of the sample tool (a call without side effects; skipped when the server
  names none), holds the same items, each described the same way.

  These scenarios run when the server answers server/discover, as the other stateless features;
  a list the server does not offer is skipped with the reason. The IDs name statements of
  docs/spec/012-delta-2026-07-28.md.

  Rule: Two connections see the same list

    @spec-s26-1
    Scenario Outline: The <list> list is the same from two connections over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the <capability> capability
      When the client walks the <list> list without a handshake, calls the sample tool, and walks it again from a second connection
      Then both walks hold the same items

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

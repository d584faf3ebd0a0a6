@protocol @stateless
Feature: Error codes and extension names (2026-07-28)
  From protocol version 2026-07-28 the error codes -32020 to -32099 belong to the specification:
  a server sends only those it defines (header mismatch, missing client capability,
  unsupported protocol version) and never the old resource-not-found code -32002; the legacy
  codes -32000 to -32019 should not be used at all (v26-2: a server that uses them passes with a
  warning). The extensions a server declares are named with a prefix, as metadata keys are
  (labels separated by dots, then a slash, e.g. io.modelcontextprotocol/tasks) (v26-11).

  The errors checked are those the server answers to requests it must refuse (an unknown
  method, a cursor it never issued, an unknown tool, a missing resource, an unknown log level,
  metadata without the client capabilities); the refusal scenarios of the other stateless
  features check their errors the same way. These scenarios run when the server answers
  server/discover, as the other stateless features. The IDs name statements of
  docs/spec/012-delta-2026-07-28.md.

  Rule: Errors carry only the codes the specification allows

    @spec-v26-2
    Scenario Outline: The errors of refused requests over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client sends requests the server must refuse, without a handshake
      Then every error the server answered has a code the specification allows
      And the server should not use the legacy error codes

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: Extensions are named with a prefix

    @spec-v26-11
    Scenario Outline: The declared extensions are named with a prefix over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      Then every extension the server declares is named with a prefix

      Examples:
        | transport |
        | stdio     |
        | http      |

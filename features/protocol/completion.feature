@protocol @completion
Feature: Argument completion
  A server that declares the completions capability suggests values for a prompt argument or a
  resource template variable as the user types: at most 100 strings at a time, with an
  optional total and a flag saying whether more exist. Completing for a prompt that does not
  exist is refused.

  What to complete comes from the registry (fixtures/servers.toml, probe completion: the
  reference, the argument and its partial value, and values the answer must include; probe
  template_completion the same for a resource template variable, without it those scenarios
  are skipped).

  The specification (docs/spec/010-completion-logging-pagination.md): completing for a prompt
  that does not exist should be refused as invalid params (comp-3).

  Rule: Suggestions are a short list of strings whose counts add up

    # At most 100 values is the schema's limit (no keyword); total and hasMore agreeing is no rule:
    # both are advice, so a miss is a warning (no statement).
    Scenario Outline: Completing a partly typed argument over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the completions capability
      When the client asks the server to complete a partly typed argument
      Then the server should offer at most 100 completion values, all of them strings
      And the completion's total and hasMore should agree with the values offered

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    Scenario Outline: Completing a partly typed template variable over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the completions capability
      When the client asks the server to complete a partly typed template variable
      Then the server offers the template variable's expected values, at most 100 strings
      And the completion's total and hasMore should agree with the values offered

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: Completing for something that does not exist is refused as invalid params

    # Advice beyond the text, like comp-3 for an unknown prompt: a wrong answer is a warning.
    Scenario Outline: Completing an argument the prompt does not have over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the completions capability
      When the client asks to complete an argument the prompt does not have
      Then the server should answer with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |

    # Advice beyond the text, like comp-3 for an unknown prompt: a wrong answer is a warning.
    Scenario Outline: Completing a variable the template does not have over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the completions capability
      When the client asks to complete a variable the template does not have
      Then the server should answer with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |

    # SHOULD (comp-3): a wrong answer is a warning naming comp-3.
    @spec-comp-3
    Scenario Outline: Completing an argument of a prompt that does not exist over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the completions capability
      When the client asks to complete an argument of the prompt "no-such-prompt-from-the-acceptance-suite"
      Then the server should answer with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

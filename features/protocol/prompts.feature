@protocol @prompts
Feature: Prompts
  A server that declares the prompts capability lists prompt templates, each with the
  arguments it takes, and returns a prompt's messages filled in with the arguments the client
  gives. A prompt asked for without a required argument, or one that does not exist, is refused
  as invalid params.

  The scenarios get prompts the server itself lists, filling each argument with a plain string.
  A prompt whose arguments need particular values can be named in the registry
  (fixtures/servers.toml, probe prompt_with_arguments), and so can a prompt that embeds a
  resource (embedded_resource_prompt; without it, that scenario is skipped).

  The specification (docs/spec/009-prompts.md): image, audio and embedded-resource items in a
  prompt carry their data properly (pr-3, pr-4, pr-5); an unknown prompt or a missing required
  argument should be refused as invalid params (pr-6, pr-7, pr-9).

  Rule: Every listed prompt can be told apart and says which arguments it takes

    Scenario Outline: Listing the prompts over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      When the client lists the prompts
      Then every prompt has a unique, non-empty name
      And every argument of every prompt has a unique name

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Getting a prompt returns its messages, filled in with the arguments given

    @spec-pr-3 @spec-pr-4 @spec-pr-5
    Scenario Outline: Getting a prompt that needs no arguments over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      When the client gets a listed prompt that has no required arguments
      Then the server returns the prompt's messages, each with a role and complete content

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    @spec-pr-3 @spec-pr-4 @spec-pr-5
    Scenario Outline: Every prompt that needs no arguments can be got over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      Then every listed prompt that needs no arguments can be got, each with complete messages

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-pr-3 @spec-pr-4 @spec-pr-5
    Scenario Outline: Getting a prompt with its arguments over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      When the client gets a prompt, giving each of its arguments a value
      Then the server returns the prompt's messages, each with a role and complete content

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    @spec-pr-3 @spec-pr-4 @spec-pr-5
    Scenario Outline: Getting a prompt that embeds a resource over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      When the client gets the prompt that embeds a resource
      Then the server returns the prompt's messages, each with a role and complete content
      And one of the prompt's messages embeds a resource

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A prompt the server cannot fill in is refused as invalid params

    # SHOULD (pr-7): a wrong answer is a warning naming pr-7 (and pr-9).
    @spec-pr-7 @spec-pr-9
    Scenario Outline: Getting a prompt without a required argument over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      When the client gets a prompt without one of its required arguments
      Then the server should answer with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    # SHOULD (pr-6): a wrong answer is a warning naming pr-6.
    @spec-pr-6
    Scenario Outline: Getting a prompt that does not exist over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the prompts capability
      When the client gets the prompt "no-such-prompt-from-the-acceptance-suite"
      Then the server should answer with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

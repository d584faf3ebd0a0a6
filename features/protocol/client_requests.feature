@protocol @client-requests
Feature: Requests from the server to the client
  While it serves a request, a server may ask the client for help: a completion from the
  client's language model (sampling), information from the user (elicitation), or the
  directories the client lets it work in (roots). It asks only for what the client declared
  it offers, and it uses the answer.

  Each scenario says how the client answers; the client declares exactly those capabilities.
  The tool that makes the server ask comes from the server registry (fixtures/servers.toml:
  the probes sampling_tool, elicitation_tool and roots_tool), so these scenarios hold for any
  server that has such a tool, and are skipped, with the reason, for a server that has none.
  When the user accepts a form, the client fills in every field the server asks for: with the
  scenario's answer where it gives one, otherwise with the field's default or a typed value.

  The specification (docs/spec/011-client-features.md, 012): an elicitation request always has a
  message (eli-3) and, in form mode, a schema (eli-4), and only uses modes the client declared
  (eli-2, lc-7); the server copes with a declined or cancelled elicitation (s26-11); sampling
  messages have a role and content (s26-14).

  Rule: A server asks for sampling with a well-formed request and uses the completion

    @spec-s26-14
    Scenario Outline: The server has the client's model complete a prompt over <transport>
      Given the client answers sampling requests with the text "The capital of France is Paris."
      And a client connected to the server under test over <transport>
      When the client calls the sampling tool
      Then the server asked the client for sampling with messages and a token limit
      And the tool result contains the text the client sampled

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: A server asks the user through the client with a message and a form, and honours the answer

    @spec-lc-7 @spec-eli-2 @spec-eli-3 @spec-eli-4
    Scenario Outline: The user fills in the form over <transport>
      Given the client accepts elicitation requests with:
        """json
        {"name": "Ada Lovelace", "username": "ada", "email": "ada@example.com"}
        """
      And a client connected to the server under test over <transport>
      When the client calls the elicitation tool
      Then the server asked the client for input with a message and a form
      And the tool result contains the answers the server asked for

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    @spec-eli-3 @spec-s26-11
    Scenario Outline: The user declines to answer over <transport>
      Given the client declines elicitation requests
      And a client connected to the server under test over <transport>
      When the client calls the elicitation tool
      Then the server asked the client for input with a message and a form
      And the tool result reports that the user chose to decline

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    @spec-eli-3 @spec-s26-11
    Scenario Outline: The user dismisses the form over <transport>
      Given the client cancels elicitation requests
      And a client connected to the server under test over <transport>
      When the client calls the elicitation tool
      Then the server asked the client for input with a message and a form
      And the tool result reports that the user chose to cancel

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: A server asks only for what the client declared

    # The other side of lc-7: a client that declared none of sampling, elicitation and roots is
    # never asked for them (what the tool answers then is its own business).
    @spec-lc-7
    Scenario Outline: A client that offers no <feature> is not asked for it over <transport>
      Given a client connected to the server under test over <transport>
      When the client calls the <feature> tool
      Then the server did not ask the client for <feature>

      Examples:
        | feature     | transport |
        | sampling    | stdio     |
        | sampling    | http      |
        | elicitation | stdio     |
        | roots       | stdio     |

  Rule: A server learns the client's roots by asking for them

    Scenario Outline: The server lists the roots the client exposes over <transport>
      Given the client exposes the roots:
        | uri                                         | name   |
        | file:///home/ada/projects/analytical-engine | engine |
        | file:///home/ada/notes                      | notes  |
      And a client connected to the server under test over <transport>
      When the client calls the roots tool
      Then the server asked the client for its roots
      And the tool result names every root the client exposed

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

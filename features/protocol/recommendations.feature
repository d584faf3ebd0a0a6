@protocol @recommendations
Feature: What the specification recommends
  Beyond its rules, the specification recommends (SHOULD) what makes a server easy for every
  client to use: tools listed in the same order every time, the newest version it speaks when the
  client asks for one it does not know, no questions to the client before the handshake is
  confirmed, session ids no one can guess, progress messages written for people, the resources
  capability when tools embed resources, sampling requests that ask for no context the client
  did not offer, and a clear refusal of an incomplete completion request.

  The specification (docs/spec/001-lifecycle.md, 002-transports.md, 005-utilities.md,
  007-tools.md, 010-completion-logging-pagination.md, 011-client-features.md): lc-2, lc-5, tr-24, prog-4,
  tools-7, comp-4, samp-2; and from 2026-07-28 (012-delta-2026-07-28.md) s26-2. Each is a recommendation, so a server that misses it passes with a warning naming it
  (`--strict` makes it a failure).

  Rule: Names and versions a client can rely on

    @spec-s26-2
    Scenario Outline: The tools come in the same order every time they are listed over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the tools capability
      When the client lists the tools
      Then listing the tools again should give them in the same order

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-lc-5
    Scenario Outline: A counter-proposal is the newest version the server supports over <transport>
      Given a raw connection to the server under test over <transport>
      When the client sends initialize offering protocol version "1999-01-01"
      Then the call succeeds
      And the server should propose the newest protocol version it supports

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: The handshake and the session come first

    @spec-lc-2
    Scenario Outline: Until the handshake is confirmed the server asks the client nothing but ping over <transport>
      Given a raw connection to the server under test over <transport>
      When the client sends initialize offering protocol version "2025-11-25"
      Then the call succeeds
      And the server should ask the client nothing but ping before the handshake is confirmed

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-tr-24
    Scenario: Each HTTP session gets an id of its own that is hard to guess
      Given an initialized raw connection to the server under test over http
      Then a second client's HTTP session should get another id, at least 16 characters long

  Rule: What the server reports is made for the client's user

    @spec-prog-4
    Scenario Outline: Progress messages are written for people over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the progress tool with the progress token "acceptance-progress-1"
      Then the call succeeds
      And every progress message should be human-readable text

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-tools-7
    Scenario Outline: A server whose tools embed resources also offers resources over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the server's tool for embedded resource content
      Then the call succeeds
      And the server should declare the resources capability as well

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-samp-2
    Scenario Outline: A server asks for sampling without the context of other servers over <transport>
      Given the client answers sampling requests with the text "The capital of France is Paris."
      And a client connected to the server under test over <transport>
      When the client calls the sampling tool
      Then the sampling request should ask for no context from this or other servers

      Examples:
        | transport |
        | stdio     |
        | http      |

    @spec-comp-4
    Scenario Outline: A completion request that names no argument is refused as invalid params over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the completions capability
      When the client asks for a completion without naming the argument
      Then the server should answer with error code -32602

      Examples:
        | transport |
        | stdio     |
        | http      |

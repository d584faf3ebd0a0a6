@protocol @stateless
Feature: What the stateless protocol refuses (2026-07-28)
  From protocol version 2026-07-28 every request carries the protocol version and the client's
  capabilities in its metadata, and a request without either is refused as invalid params,
  over HTTP with status 400 (v26-6). Over HTTP the request also names its version, its method
  and, for a tool call, the tool in headers; headers that are missing or contradict the body
  are refused with status 400 and the header-mismatch error -32020 (t26-6, t26-10). A method
  the server does not know is answered over HTTP with status 404 and method not found (t26-8).
  Under 2026-07-28 a resource that does not exist is invalid params (s26-3), never the old
  resource-not-found code -32002 (v26-3). A request without the version header is refused the
  same way, unless the server also serves clients older than 2025-06-18, whose requests carry
  no such header: then the scenario is skipped (t26-9). A tool parameter the server mirrors into
  a header (its input schema says which) must arrive in that header, equal to the body's value,
  non-ASCII text only in the Base64 form (t26-11). Every error these refusals carry has a
  code the specification allows (v26-2).

  These scenarios run when the server answers server/discover; a server that speaks only the
  handshake protocols is skipped with its answer as the reason, unless the server registry says
  it supports 2026-07-28. The IDs name statements of docs/spec/012-delta-2026-07-28.md.

  Rule: Headers that contradict the body, or are missing, are refused with 400 and -32020

    @spec-t26-6 @spec-t26-10 @http
    Scenario Outline: A request <departure> is refused
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      When the client lists the tools without a handshake, <departure>
      Then the server refuses it with error code -32020, over HTTP with status 400
      And every error the server answered has a code the specification allows

      @spec-t26-10
      Examples: the method header
        | departure                                   |
        | with a method header naming another method  |
        | without the method header                   |

      @spec-t26-6
      Examples: the version header
        | departure                                                 |
        | with a version header other than the one in its metadata |

    @spec-t26-10 @http
    Scenario: A tool call whose name header names another tool is refused
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      When the client calls the sample tool without a handshake, with a name header naming another tool
      Then the server refuses it with error code -32020, over HTTP with status 400
      And every error the server answered has a code the specification allows

  Rule: A tool parameter mirrored into a header must match the body, in plain or Base64 form

    @spec-t26-11 @http
    Scenario Outline: A tool call whose parameter header is <departure> is refused
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      And the server has a tool whose text parameter is mirrored into a header
      When the client calls that tool without a handshake, its parameter header <departure>
      Then the server refuses it with error code -32020, over HTTP with status 400
      And every error the server answered has a code the specification allows

      Examples:
        | departure                                |
        | naming another value than the body       |
        | left out though the body holds the value |
        | carrying raw non-ASCII text              |

  Rule: A server that serves no client older than 2025-06-18 refuses a request without the version header

    @spec-t26-9 @http
    Scenario: A request without the version header is refused
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      And the server serves no client older than protocol version 2025-06-18
      When the client lists the tools without a handshake, without the version header
      Then the server refuses it with error code -32020, over HTTP with status 400
      And every error the server answered has a code the specification allows

  Rule: A request without its version or capabilities in its metadata is invalid params

    @spec-v26-6
    Scenario Outline: A request <departure> is refused over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client lists the tools without a handshake, <departure>
      Then the server refuses it with error code -32602, over HTTP with status 400
      And every error the server answered has a code the specification allows

      Examples:
        | departure                                         | transport |
        | without the client capabilities in its metadata  | stdio     |
        | without the client capabilities in its metadata  | http      |
        | without the protocol version in its metadata     | http      |

  Rule: A method the server does not know is answered with 404 and method not found over HTTP

    @spec-t26-8 @http
    Scenario: A request of a method MCP does not define
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      When the client sends a request of a method MCP does not define without a handshake
      Then the server refuses it with error code -32601, over HTTP with status 404
      And every error the server answered has a code the specification allows

  Rule: A resource that does not exist is invalid params, never -32002

    @spec-s26-3 @spec-v26-3
    Scenario Outline: Reading a resource that does not exist without a handshake over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the resources capability
      When the client reads the resource "mcp-acceptance://no-such-resource" without a handshake
      Then the server answers with error code -32602
      And every error the server answered has a code the specification allows

      Examples:
        | transport |
        | stdio     |
        | http      |

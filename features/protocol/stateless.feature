@protocol @stateless
Feature: The stateless protocol (2026-07-28)
  From protocol version 2026-07-28 there is no initialize handshake and no session: every
  request carries the protocol version and the client's capabilities in its _meta, and a
  client learns the server's versions, capabilities and identity with server/discover. Over
  HTTP, each request also names the version and method in the MCP-Protocol-Version and
  Mcp-Method headers.

  A server that speaks only the handshake protocols answers server/discover with an error (or,
  over HTTP, refuses it); these scenarios are then skipped with that answer as the reason,
  unless the server registry says the server supports 2026-07-28.

  2026-07-28 defines the stateless protocol for stdio and streamable HTTP only, so these
  scenarios do not run over the legacy HTTP+SSE transport.

  The specification (docs/spec/012-delta-2026-07-28.md): the server implements server/discover
  (v26-10); every result says its resultType (v26-1); a request stands alone, needing nothing
  from earlier ones (v26-4); an unsupported version is refused with -32022 naming the supported
  ones (v26-9, t26-7).

  Rule: server/discover tells the supported versions and the capabilities

    @spec-v26-1 @spec-v26-10
    Scenario Outline: Discovering the server over <transport>
      Given a raw connection to the server under test over <transport>
      When the client discovers the server with protocol version "2026-07-28"
      Then the server speaks the stateless protocol
      And the discovery lists the versions it supports, including "2026-07-28"
      And the result declares the server's capabilities as an object
      And the result is marked "complete"

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A request that carries its version and capabilities needs no handshake

    @spec-v26-1 @spec-v26-4
    Scenario Outline: Listing the tools without a handshake over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the tools capability
      When the client lists the tools without a handshake
      Then the result lists tools
      And the result is marked "complete"

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: A request naming a version the server does not support is refused with the versions it does

    @spec-v26-9 @spec-t26-7
    Scenario Outline: Naming an unknown protocol version over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      When the client lists the tools without a handshake, naming protocol version "2099-01-01"
      Then the server answers with error code -32022
      And the error names the protocol versions the server supports
      And every error the server answered has a code the specification allows

      Examples:
        | transport |
        | stdio     |
        | http      |

@protocol @stateless
Feature: Tool parameters mirrored into headers (2026-07-28)
  From protocol version 2026-07-28 a server may ask, in a tool's input schema, that a parameter
  also travel in an HTTP header, so that gateways can route on it without reading the body. The
  header's name must be a valid HTTP header name, unique within the tool whatever its case, and
  only simple values (text, whole numbers, true or false) reachable from the top of the schema
  through plain properties may be mirrored (t26-13). Over HTTP the server accepts such a header
  whatever the case of its name (t26-12) and decodes a value sent in the Base64 form before it
  compares it with the body (t26-11). The refusals of headers that contradict the body are in
  stateless_refusals.feature.

  A server none of whose tools mirrors a parameter is skipped with the reason. These scenarios
  run when the server answers server/discover, as the other stateless features. The IDs name
  statements of docs/spec/012-delta-2026-07-28.md.

  Rule: A mirrored parameter obeys the header rules

    @spec-t26-13
    Scenario Outline: The tools mirror only parameters that may be mirrored over <transport>
      Given a raw connection to the server under test over <transport>
      And the server speaks the stateless protocol
      And the server declares the tools capability
      When the client walks the tools list without a handshake
      Then every parameter the tools mirror into a header obeys the header rules

      Examples:
        | transport |
        | stdio     |
        | http      |

  Rule: Headers that match the body are served, whatever their case or encoding

    @spec-t26-11 @spec-t26-12 @http
    Scenario Outline: A tool call with its parameter header <form> is served
      Given a raw connection to the server under test over http
      And the server speaks the stateless protocol
      And the server has a tool whose text parameter is mirrored into a header
      When the client calls that tool without a handshake, its parameter header <form>
      Then the server does not refuse it for its headers

      Examples:
        | form                                      |
        | matching the body, its name in lower case |
        | in Base64 for non-ASCII text              |

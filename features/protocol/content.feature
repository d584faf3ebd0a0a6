@protocol @tools @content
Feature: Tool result content
  A tool reports its result as a list of content items: text; images and audio as base64 data
  with their media type; resources, embedded whole or linked by URI. A tool that declares an
  output schema also returns structured content matching it. A client uses each item as it is,
  so every item must be complete and exactly what its type and media type say.

  Each scenario calls the server's tool for one kind of content, as named in the server
  registry (fixtures/servers.toml: sample_tool for text, image_tool, audio_tool,
  embedded_resource_tool, resource_link_tool, mixed_content_tool, structured_tool). A server
  without such a tool skips that scenario.

  The specification (docs/spec/000-base.md, 007-tools.md): structured content must match the
  tool's output schema (tools-9), which must itself be a valid schema (base-13), and should be
  repeated as serialized JSON text (tools-8).

  Rule: Every content item is complete, and its data is what its type and media type say

    # Base64 data and a mimeType are the rule. That an image's mimeType is image/* (audio: audio/*)
    # and its bytes start with that type's magic number is a client's safety practice, not a server
    # rule: a mismatch is a warning (advice beyond the text).
    Scenario Outline: A tool returns <content> content over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the server's tool for <content> content
      Then the call succeeds
      And the result holds <content> content, every item complete and well encoded
      And every image or audio item's bytes should match its media type

      Examples:
        | content            | transport |
        | text               | stdio     |
        | text               | http      |
        | image              | stdio     |
        | image              | http      |
        | audio              | stdio     |
        | audio              | http      |
        | embedded resource  | stdio     |
        | embedded resource  | http      |
        | resource link      | stdio     |
        | resource link      | http      |
        | mixed              | stdio     |
        | mixed              | http      |
        | text               | sse       |
        | image              | sse       |
        | audio              | sse       |
        | embedded resource  | sse       |
        | resource link      | sse       |
        | mixed              | sse       |

  Rule: Structured content matches the tool's output schema and is repeated as text

    # The schema match is a MUST (tools-9); repeating it as text is a SHOULD (tools-8): a miss is a
    # warning naming tools-8.
    @spec-base-13 @spec-tools-8 @spec-tools-9
    Scenario Outline: A tool with an output schema returns structured content over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the server's tool for structured content
      Then the call succeeds
      And the structured content is valid against the tool's output schema
      And the structured content should also be given as serialized JSON in a text item

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    # The registry may say what the result holds (expect_text of structured_tool); without it
    # this scenario is skipped.
    Scenario: A tool's structured content holds what the tool computed
      Given a client connected to the server under test over stdio
      And the server declares the tools capability
      When the client calls the server's tool for structured content
      Then the structured content holds the structured tool's expected text

@protocol @list-changed
Feature: List change notifications
  A server that declares listChanged for its tools, resources or prompts notifies the client
  when that list changes, so the client can list it again and find the change.

  The registry (fixtures/servers.toml) names a tool call that changes each list
  (tools_list_changing_tool, resources_list_changing_tool, prompts_list_changing_tool); a server
  without one skips that scenario.

  The specification (docs/spec/007-tools.md, 008, 009): a server that declares listChanged
  should notify the client when its tools, resources or prompts change (tools-2, res-2, pr-2).

  Rule: A server that declares listChanged tells the client when the list changes

    # SHOULD (tools-2, res-2, pr-2): no notification is a warning naming them; so is a list that
    # shows no change when walked again (the text does not require one).
    @spec-tools-2 @spec-res-2 @spec-pr-2
    Scenario Outline: The <list> list changes over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the <capability>.listChanged capability
      And the client has walked the <list> list
      When the client calls the server's tool that changes the <list> list
      Then the call succeeds
      And the client should be notified that the <list> list changed
      And walking the <list> list again should show the change

      Examples:
        | list      | capability | transport |
        | tools     | tools      | stdio     |
        | tools     | tools      | http      |
        | resources | resources  | stdio     |
        | resources | resources  | http      |
        | prompts   | prompts    | stdio     |
        | prompts   | prompts    | http      |
        | tools     | tools      | sse       |
        | resources | resources  | sse       |
        | prompts   | prompts    | sse       |

@hub
Feature: The hub offers every backend's tools, prompts and resources under one server
  mcp-hub starts or reaches the MCP servers of its config (its backends) and offers what they all
  have under names that say where each comes from: tools and prompts as "<backend>_<name>",
  resources as "mcp://<backend>/<the backend's URI, encoded>". It sends each request to the
  backend it names, under the backend's own name, and passes the answer back unchanged, a tool
  error included. Its own meta-tools search and describe the catalog. The reference server
  backend gives its lists in pages of five: the hub reads every page.

  Background:
    Given a hub with the backends:
      | name      | server           | transport |
      | reference | reference server | stdio     |
      | time      | time server      | http      |
      | clock     | time server      | sse       |

  @ac-goblin-decision-2-aggregation @ac-goblin-goal-5
  Scenario Outline: The tools of every backend are listed under their backend's name, over <transport>
    Given a client connected to the hub over <transport>
    When the client lists the tools
    Then the tools include "reference_echo"
    And the tools include "time_get_current_time"
    And the tools include "clock_convert_time"
    And the tools include "catalog_search"

    Examples:
      | transport |
      | stdio     |
      | http      |

  @ac-goblin-decision-2-aggregation @ac-goblin-goal-2
  Scenario Outline: A call through the hub answers exactly as the backend does: <tool>
    Given a client connected to the hub over stdio
    When the client calls the tool "reference_<tool>" with:
      """json
      <arguments>
      """
    Then the answer equals the reference server's own answer for "<tool>"

    Examples:
      | tool | arguments                         |
      | echo | {"message": "through the hub"}    |
      | add  | {"a": 2, "b": 3}                  |
      | fail | {"reason": "asked to fail"}       |

  @ac-goblin-decision-2-aggregation
  Scenario Outline: A backend's new <kind> reaches the hub's clients
    Given a client connected to the hub over stdio
    When the client calls the tool "reference_set_dynamic_item" with:
      """json
      {"kind": "<kind>", "present": true}
      """
    Then the client is notified that the hub's <list> changed
    When the client lists the <list>
    Then the list includes "<listed as>"

    Examples:
      | kind     | list      | listed as                                   |
      | tool     | tools     | reference_dynamic_tool                      |
      | prompt   | prompts   | reference_dynamic_prompt                    |
      | resource | resources | mcp://reference/test%3A%2F%2Fdynamic-resource |

  @ac-goblin-decision-2-aggregation
  Scenario Outline: A backend over <transport> that requires a token gets the headers of the hub's config
    Given a hub with the backends:
      | name   | server                             | transport   |
      | secure | reference server requiring a token | <transport> |
    And a client connected to the hub over stdio
    When the client calls the tool "secure_echo" with:
      """json
      {"message": "with the token"}
      """
    Then the answer says "with the token"

    Examples:
      | transport |
      | http      |
      | sse       |

  @ac-goblin-decision-2-aggregation
  Scenario: The hub introduces itself to its clients, with all it offers
    Given a client connected to the hub over stdio
    Then the hub introduces itself as "mcp-hub", declaring:
      | capability            |
      | tools.listChanged     |
      | prompts.listChanged   |
      | resources.listChanged |
      | completions           |

  @ac-goblin-decision-2-aggregation
  Scenario: The hub introduces itself to its backends by name
    Given a client connected to the hub over stdio
    When the client calls the tool "reference_client_info" with:
      """json
      {}
      """
    Then the answer says "mcp-hub"

  @ac-goblin-decision-2-aggregation
  Scenario: A call is routed to the backend it names, over SSE too
    Given a client connected to the hub over stdio
    When the client calls the tool "clock_get_current_time" with:
      """json
      {"timezone": "Europe/Paris"}
      """
    Then the answer says "Europe/Paris"
    And the answer says "sse"

  @ac-goblin-decision-2-aggregation
  Scenario: Resources, prompts and completions are namespaced and routed through the hub
    Given a client connected to the hub over http
    When the client lists the resources
    Then the list includes "mcp://reference/test%3A%2F%2Fstatic-text"
    When the client lists the resource templates
    Then the list includes "mcp://reference/test%3A%2F%2Ftemplate%2F{id}%2Fdata"
    When the client reads the resource "mcp://reference/test%3A%2F%2Fstatic-text"
    Then the answer equals the reference server's own answer for "test://static-text"
    When the client reads the resource "mcp://reference/test%3A%2F%2Ftemplate%2F42%2Fdata"
    Then the answer equals the reference server's own answer for "test://template/42/data"
    When the client gets the prompt "reference_test_prompt_with_arguments" with:
      """json
      {"arg1": "paris", "arg2": "hello"}
      """
    Then the answer equals the reference server's own answer for "test_prompt_with_arguments"
    When the client lists the prompts
    Then the list includes "reference_test_prompt_with_arguments"
    When the client asks to complete the argument "arg1" of the prompt "reference_test_prompt_with_arguments" from "par"
    Then the answer says "paris"
    And the answer equals the reference server's own answer for "test_prompt_with_arguments"

  @ac-goblin-decision-2-aggregation
  Scenario: An alias renames a tool and still routes it
    Given the backend "time" lists its tool "get_current_time" as "now"
    And a client connected to the hub over stdio
    When the client lists the tools
    Then the tools include "now"
    And the tools include "time_convert_time"
    And the tools do not include "time_get_current_time"
    When the client calls the tool "now" with:
      """json
      {"timezone": "Asia/Tokyo"}
      """
    Then the answer says "Asia/Tokyo"

  @ac-goblin-decision-2-aggregation
  Scenario: The meta-tools search, describe and invoke the catalog
    Given a client connected to the hub over stdio
    When the client calls the tool "catalog_search" with:
      """json
      {"query": "convert"}
      """
    Then the answer lists exactly the tools "time_convert_time, clock_convert_time"
    When the client calls the tool "describe_tool" with:
      """json
      {"name": "reference_echo"}
      """
    Then the answer says "inputSchema"
    When the client calls the tool "invoke_tool" with:
      """json
      {"name": "reference_echo", "arguments": {"message": "invoked by name"}}
      """
    Then the answer says "invoked by name"
    When the client calls the tool "catalog_list" with:
      """json
      {}
      """
    Then the answer says "reference_echo"

  @ac-goblin-decision-4 @ac-goblin-goal-4
  Scenario: An unknown tool or resource is a JSON-RPC error naming it
    Given a client connected to the hub over stdio
    When the client calls the tool "nobody_nothing" with:
      """json
      {}
      """
    Then the answer is the JSON-RPC error -32602 naming "nobody_nothing"
    When the client reads the resource "mcp://nobody/x"
    Then the answer is the JSON-RPC error -32602 naming "mcp://nobody/x"

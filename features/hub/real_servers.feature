@hub @external @ac-goblin-decision-2 @ac-goblin-goal-2
Feature: Real MCP servers, directly and behind the hub
  The official npm servers (pinned in fixtures/everything) run as real processes: the
  filesystem server on a folder of the scenario's own temp dir, the memory server with its data
  file there, the everything server over stdio, streamable HTTP and SSE. Nothing they write
  outlives the scenario. Without the npm install these scenarios are skipped with the reason
  (a failure under MCP_REQUIRE_EXTERNAL=1).

  @ac-goblin-decision-2-filesystem
  Scenario: The filesystem server behind the hub reads, writes, lists and searches its folder
    Given a hub with the backends:
      | name | server            | transport |
      | fs   | filesystem server | stdio     |
    And a client connected to the hub over stdio
    When the client calls the tool "fs_write_file" with:
      """json
      {"path": "$FILES/note.txt", "content": "written through the hub"}
      """
    Then the scenario's file "files/note.txt" mentions "written through the hub"
    When the client calls the tool "fs_read_text_file" with:
      """json
      {"path": "$FILES/note.txt"}
      """
    Then the answer says "written through the hub"
    When the client calls the tool "fs_list_directory" with:
      """json
      {"path": "$FILES"}
      """
    Then the answer says "[FILE] note.txt"
    When the client calls the tool "fs_search_files" with:
      """json
      {"path": "$FILES", "pattern": "**/*.txt"}
      """
    Then the answer says "note.txt"
    When the client calls the tool "fs_read_text_file" with:
      """json
      {"path": "/etc/hostname"}
      """
    Then the answer is a tool error saying "Access denied"

  @ac-goblin-decision-2-filesystem
  Scenario: The client's roots replace the directories the filesystem server was given
    Given the client offers the scenario's folder "granted" as its only root
    And a client connected to the real filesystem server over stdio
    Then the filesystem server allows only the scenario's folder "granted"

  @ac-goblin-decision-2-memory
  Scenario: What the memory server's tool stores shows in its resource and its data file
    Given a hub with the backends:
      | name | server        | transport |
      | mem  | memory server | stdio     |
    And a client connected to the hub over stdio
    When the client calls the tool "mem_create_entities" with:
      """json
      {"entities": [{"name": "Ada Lovelace", "entityType": "person", "observations": ["wrote the first program"]}]}
      """
    And the client reads the resource "mcp://mem/memory%3A%2F%2Fknowledge-graph"
    Then the answer says "Ada Lovelace"
    And the scenario's file "memory.jsonl" mentions "wrote the first program"

  @ac-goblin-decision-2-prompts-resources @ac-goblin-decision-2-aggregation
  Scenario Outline: The everything server over <transport> behind the hub
    Given a hub with the backends:
      | name | server            | transport   |
      | ev   | everything server | <transport> |
      | time | time server       | stdio       |
    And a client connected to the hub over http
    When the client calls the tool "ev_echo" with:
      """json
      {"message": "through the hub"}
      """
    Then the answer says "Echo: through the hub"
    When the client gets the prompt "ev_args-prompt" with:
      """json
      {"city": "Lyon", "state": "Rhône"}
      """
    Then the answer says "Lyon, Rhône"
    When the client reads the resource "mcp://ev/demo%3A%2F%2Fresource%2Fdynamic%2Ftext%2F7"
    Then the answer says "7"
    When the client calls the tool "time_get_current_time" with:
      """json
      {"timezone": "UTC"}
      """
    Then the answer says "UTC"

    Examples:
      | transport |
      | stdio     |
      | http      |
      | sse       |

  @ac-goblin-decision-2-prompts-resources
  Scenario Outline: The everything server directly over <transport>: prompts, resources, changes, a slow call
    Given a client connected to the real everything server over <transport>
    When the client gets a prompt, giving each of its arguments a value
    Then the server returns the prompt's messages, each with a role and complete content
    When the client reads a binary resource
    Then the server returns the resource's contents as base64 binary data
    When the client reads a resource through one of its templates
    Then the server returns the resource's contents as text or binary data
    When the client subscribes to the watched resource
    Then the call succeeds
    When the watched resource changes
    Then the client is notified that the watched resource was updated
    When the client calls the server's tool that changes the resources list
    Then the client is notified that the resources list changed
    When the client calls the slow tool
    Then the call succeeds

    Examples:
      | transport |
      | stdio     |
      | http      |
      | sse       |

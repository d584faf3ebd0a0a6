@agent @external @ac-goblin-decision-1 @ac-goblin-goal-1 @ac-goblin-goal-2 @ac-goblin-goal-5
Feature: An agent keeps notes with the real filesystem server
  The real MCP filesystem server (npm, installed next to server-everything) serves a fresh
  directory. The agent creates a folder, writes a note, lists the folder, reads the note back,
  edits it and searches for it, carrying the note's path from one turn to the next; then the files
  on disk are checked. Without the server installed the scenario is skipped with the reason (a
  failure when external systems are required).

  Scenario: Create, write, list, read, edit and search a note
    Given the real filesystem server serving a fresh directory
    And a client connected to the server under test over stdio
    And the agent workflow "keep a note":
      | kind              | detail                                     | with                                                                                   |
      | user message      | Create a new directory for my notes        | {"path": "{{root}}/notes"}                                                             |
      | result processing | is not a tool error                        |                                                                                        |
      | user message      | Write the shopping list into a file        |                                                                                        |
      | tool selection    | write_file                                 | {"path": "{{root}}/notes/todo.md", "content": "buy milk"}                              |
      | result processing | capture note_path by wrote to (.+)          |                                                                                        |
      | tool selection    | list_directory                             | {"path": "{{root}}/notes"}                                                             |
      | result processing | contains "[FILE] todo.md"                  |                                                                                        |
      | tool selection    | read_text_file                             | {"path": "{{note_path}}"}                                                              |
      | result processing | contains "buy milk"                        |                                                                                        |
      | tool selection    | edit_file                                  | {"path": "{{note_path}}", "edits": [{"oldText": "buy milk", "newText": "buy oat milk"}]} |
      | result processing | is not a tool error                        |                                                                                        |
      | tool selection    | search_files                               | {"path": "{{root}}", "pattern": "**/todo.md"}                                          |
      | result processing | contains "todo.md"                         |                                                                                        |
    And it expects the tools "create_directory, write_file, list_directory, read_text_file, edit_file, search_files" in order
    And it is expected to end in success
    When the agent runs the workflow
    Then the workflow ends as expected
    And the agent chose the tool "create_directory" for turn 1
    And the served file "notes/todo.md" holds "buy oat milk"

  Scenario: A path outside the served directory is refused, and the workflow is partial
    Given the real filesystem server serving a fresh directory
    And a client connected to the server under test over stdio
    And the agent workflow "write outside":
      | kind              | detail              | with                                              |
      | tool selection    | write_file          | {"path": "{{root}}/inside.txt", "content": "ok"}  |
      | result processing | is not a tool error |                                                   |
      | tool selection    | write_file          | {"path": "/etc/mcp-acceptance-outside.txt", "content": "no"} |
    And it expects the tools "write_file" as a set
    And it is expected to end in partial
    When the agent runs the workflow
    Then the workflow ends as expected
    And the agent's response mentions "Access denied"
    And the served file "inside.txt" holds "ok"

  @hub @ac-goblin-decision-1 @ac-goblin-goal-5
  Scenario: The same note workflow through the hub, where the tools carry the backend's name
    Given a hub with the backends:
      | name | server            | transport |
      | fs   | filesystem server | stdio     |
    And a client connected to the hub over stdio
    And the agent workflow "keep a note through the hub":
      | kind              | detail                                     | with                                                                                   |
      | user message      | Create a new directory for my notes        | {"path": "{{root}}/notes"}                                                             |
      | result processing | is not a tool error                        |                                                                                        |
      | tool selection    | fs_write_file                              | {"path": "{{root}}/notes/todo.md", "content": "buy milk"}                              |
      | result processing | capture note_path by wrote to (.+)          |                                                                                        |
      | tool selection    | fs_list_directory                          | {"path": "{{root}}/notes"}                                                             |
      | result processing | contains "[FILE] todo.md"                  |                                                                                        |
      | tool selection    | fs_read_text_file                          | {"path": "{{note_path}}"}                                                              |
      | result processing | contains "buy milk"                        |                                                                                        |
      | tool selection    | fs_edit_file                               | {"path": "{{note_path}}", "edits": [{"oldText": "buy milk", "newText": "buy oat milk"}]} |
      | result processing | contains "buy oat milk"                    |                                                                                        |
      | tool selection    | fs_search_files                            | {"path": "{{root}}", "pattern": "**/todo.md"}                                          |
      | result processing | contains "todo.md"                         |                                                                                        |
    And it expects the tools "fs_create_directory, fs_write_file, fs_list_directory, fs_read_text_file, fs_edit_file, fs_search_files" in order
    And it is expected to end in success
    When the agent runs the workflow
    Then the workflow ends as expected
    And the agent chose the tool "fs_create_directory" for turn 1
    And the scenario's file "files/notes/todo.md" mentions "buy oat milk"

@openapi
Feature: Scripts run in a sandbox
  Each script runs in a fresh Luau VM in sandbox mode: only the string, table, math, utf8,
  bit32, buffer, coroutine and os libraries are loaded, the libraries, the sdk table and the
  global table are read-only, and nothing a script does is seen by the next script.
  Requirement page: docs/requirements/000-codemcp.md

  Luau has no `io` library at all, and its `os` library has only clock, date, difftime and time
  (no getenv, execute, exit, remove): those hold by construction of Luau, the first scenario
  and the first rows below keep the code-mcp plan's check of them. The other rows and scenarios
  check what the bridge itself removes or enforces: mlua adds `require` (from the file system)
  and `loadstring`, Luau has `getfenv`/`setfenv`, and the debug library is loadable.

  Background:
    Given the pet store API is running
    And the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio

  @ac-codemcp-test_sandbox_no_file_io
  Scenario: a script cannot open files
    When the client runs the script:
      """lua
      local f = io.open("/etc/passwd", "r"); return f
      """
    Then the script fails with an error naming "attempt to index nil"

  Scenario Outline: <global> is not available to scripts
    When the client runs the script "return <global> == nil"
    Then the script result is true

    Examples: absent from Luau itself
      | global     |
      | io         |
      | os.getenv  |
      | os.execute |
      | os.exit    |
      | os.remove  |
      | dofile     |

    Examples: removed by the bridge
      | global     |
      | require    |
      | loadstring |
      | getfenv    |
      | setfenv    |
      | debug      |

  Scenario: the libraries a script may use are loaded and work
    When the client runs the script:
      """lua
      return {
        string.format("%03d", 7),
        table.concat({ "a", "b" }, "-"),
        math.max(2, 9),
        utf8.char(72, 105),
        bit32.band(12, 10),
        buffer.len(buffer.create(4)),
        coroutine.wrap(function() return "resumed" end)(),
        type(os.clock()),
      }
      """
    Then the script result is:
      """json
      ["007", "a-b", 9, "Hi", 8, 4, "resumed", "number"]
      """

  Scenario: a global set by one script is not seen by the next
    When the client runs the script "leaked = 42; return leaked"
    Then the script result is 42
    When the client runs the script "return leaked == nil"
    Then the script result is true

  Scenario: a script that replaces the sdk affects only itself
    When the client runs the script:
      """lua
      sdk = { list_pets = function() return "hijacked" end }
      return sdk.list_pets()
      """
    Then the script result is "hijacked"
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4

  Scenario Outline: the sdk and the libraries cannot be changed in place
    When the client runs the script "<change>"
    Then the script fails with an error naming "readonly"
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4

    Examples:
      | change                                         |
      | sdk.list_pets = function() return 'hijacked' end |
      | string.upper = nil                             |
      | math.pi = 3                                    |

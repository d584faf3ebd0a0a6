@openapi
Feature: Scripts are limited in time and in API calls
  `--timeout SECS` bounds a script's run (a Luau interrupt stops even a loop that never calls
  anything, and keeps stopping it, so pcall cannot swallow the limit); `--max-api-calls N` lets
  a script make N requests and fails the next call before it is sent; `--max-memory-mb`
  (default 64) bounds what a script allocates. All are per script: the bridge serves the next
  call normally. Without the limits these scenarios fail: the loop
  would outlast the step's bound, and the pet store would see more requests.
  Requirement page: docs/requirements/000-codemcp.md

  Background:
    Given the pet store API is running
    And the bridge limits each script to 2 seconds and 3 API calls
    And the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio

  @ac-codemcp-test_script_timeout
  Scenario: an endless loop is stopped at the time limit, and the bridge goes on
    When the client runs the script:
      """lua
      while true do end
      """
    Then the script fails with an error naming "timed out"
    And the script failed within 6 seconds
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4

  Scenario: a script cannot catch the time limit with pcall
    When the client runs the script:
      """lua
      while true do
        pcall(function() while true do end end)
      end
      """
    Then the script fails with an error naming "timed out"
    And the script failed within 6 seconds

  @ac-codemcp-test_max_api_calls_exceeded
  Scenario: the call after the last allowed one fails, and is never sent
    When the client runs the script:
      """lua
      for i = 1, 10 do
        sdk.list_pets()
      end
      return "should not reach here"
      """
    Then the script fails with an error naming "API call limit"
    And the failed script made 3 API calls
    And the pet store received 3 times the request "GET /pets" and nothing else

  Scenario: the limit counts per script
    When the client runs the script:
      """lua
      local a = sdk.get_pet({ pet_id = 1 })
      local b = sdk.get_pet({ pet_id = 2 })
      local c = sdk.get_pet({ pet_id = 3 })
      return { a.name, b.name, c.name }
      """
    Then the script result is:
      """json
      ["Fido", "Whiskers", "Buddy"]
      """
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4
    And the pet store received exactly the requests "GET /pets/1, GET /pets/2, GET /pets/3, GET /pets"

  Scenario: a script that allocates without bound is stopped by the memory limit
    When the client runs the script:
      """lua
      local parts = {}
      for i = 1, 100000 do
        parts[i] = string.rep("x", 1024 * 1024) .. i
      end
      return #parts
      """
    Then the script fails with an error naming "memory"
    And the script failed within 6 seconds
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4

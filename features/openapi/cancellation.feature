@openapi
Feature: A cancelled script stops
  A client that cancels an execute_script call (notifications/cancelled) gets no answer, and the
  script stops at once: it makes no further API call. The Luau interrupt checks for the
  cancellation as it checks the time limit, and an API call in flight is abandoned. Without
  that, the script below would go on calling the API about ten times a second.
  Requirement page: docs/requirements/000-codemcp.md

  Background:
    Given the pet store API is running
    And the OpenAPI bridge holds the API bearer token
    And an initialized raw connection to the server under test over stdio

  Scenario: a cancelled script makes no further API call, and the bridge carries on
    When the client starts the script with id 41:
      """lua
      while true do
        sdk.list_pets()
        local started = os.clock()
        while os.clock() - started < 0.1 do end
      end
      """
    And the pet store has received a request
    And the client cancels the request with id 41
    Then no response with id 41 arrives within 3 seconds
    And the pet store receives no further request within 1 second
    And the server still answers a ping

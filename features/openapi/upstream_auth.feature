@openapi
Feature: The bridge calls the API with the credentials it was given
  The pet store's reads are public and its writes need `Authorization: Bearer test-secret-123`
  or `X-Api-Key: test-key-456`. The bridge takes them from TEST_API_BEARER_TOKEN /
  TEST_API_API_KEY (the API's name in capitals; the bearer token wins when both are set), or
  per call from `_meta.auth` = {"test_api": {"type": "bearer", "token": …}} or
  {"type": "api_key", "key": …}, which wins over the environment. MCP's place for it is the
  request's `_meta` ("in the request's metadata" below); the code-mcp plan's Python test puts
  it inside the arguments ("in the call's arguments"), and both work. The pet store records
  which credential each request carried.
  Requirement page: docs/requirements/000-codemcp.md

  Background:
    Given the pet store API is running

  @ac-codemcp-test_no_auth_read_succeeds
  Scenario: public reads need no credentials
    Given the OpenAPI bridge holds no API credentials
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4
    And the request "GET /pets" carried no credentials

  @ac-codemcp-test_no_auth_write_fails
  Scenario: a write without credentials is refused by the API and changes nothing
    Given the OpenAPI bridge holds no API credentials
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script:
      """lua
      return sdk.create_pet({ name = "Fail", status = "active" })
      """
    Then the script fails with an error naming "401" and "Unauthorized"
    And the request "POST /pets" carried no credentials
    And the pet store holds 4 pets

  # A store that compared less than the whole credential would let these through: each
  # differs from the real one in its last characters only.
  Scenario Outline: a write with <credential> is refused by the API and changes nothing
    Given the OpenAPI bridge holds <credential>
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script:
      """lua
      return sdk.delete_pet({ pet_id = 2 })
      """
    Then the script fails with an error naming "401" and "Unauthorized"
    And the request "DELETE /pets/2" carried wrong credentials
    And the pet store holds 4 pets

    Examples:
      | credential               |
      | a wrong API bearer token |
      | a wrong API key          |

  Scenario: a wrong API key in _meta.auth is refused, though the environment holds the right token
    Given the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with the wrong API key in the request's metadata:
      """lua
      return sdk.create_pet({ name = "Wrong" })
      """
    Then the script fails with an error naming "401" and "Unauthorized"
    And the request "POST /pets" carried wrong credentials
    And the pet store holds 4 pets

  @ac-codemcp-test_meta_auth_override
  Scenario: a bearer token in the arguments' _meta.auth allows the write
    Given the OpenAPI bridge holds no API credentials
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with the API bearer token in the call's arguments:
      """lua
      return sdk.create_pet({ name = "Meta", status = "active" })
      """
    Then the script result includes:
      """json
      {"id": 5, "name": "Meta"}
      """
    And the request "POST /pets" carried bearer credentials
    And the pet store holds the pet:
      """json
      {"id": 5, "name": "Meta", "status": "active", "tag": null, "owner_id": null}
      """

  Scenario: a bearer token in the request's _meta.auth allows the write
    Given the OpenAPI bridge holds no API credentials
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with the API bearer token in the request's metadata:
      """lua
      return sdk.create_pet({ name = "Meta", status = "active" })
      """
    Then the script result includes:
      """json
      {"id": 5, "name": "Meta"}
      """
    And the request "POST /pets" carried bearer credentials

  Scenario: an API key in _meta.auth allows the write
    Given the OpenAPI bridge holds no API credentials
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with the API key in the request's metadata:
      """lua
      return sdk.delete_pet({ pet_id = 2 })
      """
    Then the script result is:
      """json
      {"status": "deleted"}
      """
    And the request "DELETE /pets/2" carried api-key credentials
    And the pet store holds no pet 2

  Scenario: _meta.auth wins over the environment's credentials
    Given the OpenAPI bridge holds the API key
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with the API bearer token in the request's metadata:
      """lua
      return sdk.delete_pet({ pet_id = 3 })
      """
    Then the script result is:
      """json
      {"status": "deleted"}
      """
    And the request "DELETE /pets/3" carried bearer credentials

  @ac-codemcp-test_bearer_token_auth
  Scenario: the bearer token from the environment allows writes
    Given the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script:
      """lua
      return sdk.create_pet({ name = "Bearer", status = "active" })
      """
    Then the script result includes:
      """json
      {"id": 5, "name": "Bearer", "status": "active"}
      """
    And the request "POST /pets" carried bearer credentials
    And the pet store holds 5 pets

  Scenario: the API key from the environment allows writes
    Given the OpenAPI bridge holds the API key
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script:
      """lua
      return sdk.update_pet({ pet_id = 4, owner_id = 2 })
      """
    Then the script result is:
      """json
      {"id": 4, "name": "Luna", "status": "pending", "tag": "cat", "owner_id": 2}
      """
    And the request "PUT /pets/4" carried api-key credentials

  Scenario: with both in the environment, the bearer token is used
    Given the OpenAPI bridge holds both API credentials
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script:
      """lua
      return sdk.create_pet({ name = "Both" })
      """
    Then the script result includes:
      """json
      {"id": 5, "name": "Both", "status": "active"}
      """
    And the request "POST /pets" carried bearer credentials

  Scenario: a malformed _meta.auth is a tool error, and nothing is sent
    Given the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with credentials of type "password" in the request's metadata:
      """lua
      return sdk.list_pets()
      """
    Then the script fails with an error naming "api_key"
    And the pet store received exactly the requests ""

  Scenario: the credentials appear in no frame, answer or log line, even at debug level
    Given the bridge logs at level debug
    And the OpenAPI bridge holds the API key
    And a client connected to the OpenAPI bridge over stdio
    When the client runs the script with the API bearer token in the request's metadata:
      """lua
      print("creating")
      return sdk.create_pet({ name = "Quiet" })
      """
    And the client runs the script "return sdk.update_pet({ pet_id = 99, name = 'nobody' })"
    And the client lists the APIs
    Then neither API credential appears in the frames exchanged or in the bridge's log

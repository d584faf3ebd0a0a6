@openapi
Feature: The OpenAPI bridge documents the API it was made from
  mcp-openapi-bridge (the system under test, fixtures/openapi-bridge) reads the OpenAPI document
  of the pet store (fixtures/pet-store, generated from its code) and offers tools to explore the
  API before scripting it: the APIs, their functions (by tag), each function's Luau signature,
  a search, and the component schemas. Every scenario gets its own pet store with the seed data
  (4 pets, 2 owners) and its own bridge.
  Requirement page: docs/requirements/000-codemcp.md

  Background:
    Given the pet store API is running
    And the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio

  @ac-codemcp-test_list_tools
  Scenario: the bridge offers the documentation tools and execute_script
    When the client lists the tools
    Then the tools are exactly "list_apis, list_functions, get_function_docs, search_docs, get_schema, execute_script"
    And every tool has a name, a description and an input schema
    And the bridge introduces itself with the tools capability and instructions naming the API "test_api"

  @ac-codemcp-test_list_apis
  Scenario: the API is named after the document's title
    When the client lists the APIs
    Then the APIs are exactly "test_api"
    And the API "test_api" is titled "Test API", offers 9 functions and the security schemes "HTTPBearer, APIKeyHeader"

  @ac-codemcp-test_list_functions
  Scenario: every operation is a function named after its operationId
    When the client lists the functions
    Then the functions are exactly "reset_data, list_pets, create_pet, get_pet, update_pet, delete_pet, list_owners, get_owner_by_id, list_owner_pets"

  @ac-codemcp-test_list_functions_filter_by_tag
  Scenario: functions are filtered by tag
    When the client lists the functions tagged "pets"
    Then the functions are exactly "list_pets, create_pet, get_pet, update_pet, delete_pet"
    When the client lists the functions tagged "owners"
    Then the functions are exactly "list_owners, get_owner_by_id, list_owner_pets"

  @ac-codemcp-test_get_function_docs
  Scenario: a function's documentation is its Luau type signature
    When the client asks for the documentation of "list_pets"
    Then the documentation contains the lines:
      """
      function sdk.list_pets(params: { limit: number?, status: PetStatus?, has_owner: boolean? }?): PetList
      export type PetList = { items: { Pet }, total: number }
      export type Pet = { id: number, name: string, owner_id: number?, status: PetStatus, tag: string? }
      export type PetStatus = "active" | "adopted" | "pending"
      """
    When the client asks for the documentation of "create_pet"
    Then the documentation contains the lines:
      """
      function sdk.create_pet(params: { name: string, owner_id: number?, status: PetStatus?, tag: string? }): Pet
      """

  Scenario: a function's documentation reads as Luau: its summary and description as comments, where it goes and what it needs
    When the client asks for the documentation of "create_pet"
    Then the documentation reads:
      """
      -- Create a pet (needs credentials).
      -- A create repeated with the same idempotency key answers the pet the first one created,
      -- and creates no other.
      -- POST /pets (api test_api, needs credentials)
      function sdk.create_pet(params: { name: string, owner_id: number?, status: PetStatus?, tag: string? }): Pet

      export type Pet = { id: number, name: string, owner_id: number?, status: PetStatus, tag: string? }
      export type PetStatus = "active" | "adopted" | "pending"
      """

  Scenario: documentation of a function that does not exist is a tool error
    When the client asks for the documentation of "adopt_dragon"
    Then the result is a tool error with an explanation

  @ac-codemcp-test_search_docs
  Scenario: searching finds the functions and schemas that mention every word
    When the client searches the documentation for "pet"
    Then the search finds exactly the functions "reset_data, list_pets, create_pet, get_pet, update_pet, delete_pet, list_owner_pets" and the schemas "ErrorDetail, Pet, PetCreate, PetList, PetStatus, PetUpdate"
    When the client searches the documentation for "owner pets"
    Then the search finds exactly the functions "reset_data, list_pets, list_owner_pets" and the schemas ""

  @ac-codemcp-test_get_schema
  Scenario: a component schema is returned as JSON Schema
    When the client asks for the schema "Pet"
    Then the schema has exactly the properties "id, name, status, tag, owner_id" and requires "id, name, status"

  Scenario: a schema that does not exist is a tool error
    When the client asks for the schema "Dragon"
    Then the result is a tool error with an explanation

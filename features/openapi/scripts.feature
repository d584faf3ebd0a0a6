@openapi
Feature: Luau scripts call the API through the generated sdk
  execute_script runs a Luau script against an `sdk` table with one function per operation
  (snake_case operationIds); path, query and body parameters go in one table. The answer is
  JSON {result, logs, stats}. Each scenario checks the result exactly and, on the pet store's
  side, which requests really arrived and what the store holds afterwards.
  Requirement page: docs/requirements/000-codemcp.md

  Background:
    Given the pet store API is running
    And the OpenAPI bridge holds the API bearer token
    And a client connected to the OpenAPI bridge over stdio

  Scenario: new pets are numbered on from the seed data
    When the client runs the script:
      """lua
      local first = sdk.create_pet({ name = "Extra" })
      local second = sdk.create_pet({ name = "Another" })
      return { first.id, second.id }
      """
    Then the script result is:
      """json
      [5, 6]
      """
    And the pet store holds 6 pets

  Scenario: listing the owners returns the two seeded owners
    When the client runs the script:
      """lua
      return sdk.list_owners()
      """
    Then the script result is:
      """json
      [
        {"id": 1, "name": "Alice", "email": "alice@example.com"},
        {"id": 2, "name": "Bob", "email": "bob@example.com"}
      ]
      """

  Scenario: the API's reset restores the seed data and the numbering of new pets
    When the client runs the script:
      """lua
      sdk.delete_pet({ pet_id = 1 })
      sdk.create_pet({ name = "Extra" })
      sdk.reset_data()
      return sdk.create_pet({ name = "Again" })
      """
    Then the script result includes:
      """json
      {"id": 5, "name": "Again"}
      """
    And the pet store holds 5 pets
    And the pet store holds the pet:
      """json
      {"id": 1, "name": "Fido", "status": "active", "tag": "dog", "owner_id": 1}
      """

  # Each scenario starts its own store; one that kept serving after its scenario would leave
  # a port open for the rest of the run.
  Scenario: a stopped pet store frees its port
    When the pet store stops
    Then nothing answers at the pet store's address within 2 seconds

  @ac-codemcp-test_list_pets
  Scenario: listing the pets returns the four seeded pets
    When the client runs the script:
      """lua
      return sdk.list_pets()
      """
    Then the script result is:
      """json
      {"items": [
        {"id": 1, "name": "Fido", "status": "active", "tag": "dog", "owner_id": 1},
        {"id": 2, "name": "Whiskers", "status": "adopted", "tag": "cat", "owner_id": 1},
        {"id": 3, "name": "Buddy", "status": "active", "tag": "dog", "owner_id": 2},
        {"id": 4, "name": "Luna", "status": "pending", "tag": "cat", "owner_id": null}
      ], "total": 4}
      """
    And the script made 1 API call
    And the pet store received exactly the requests "GET /pets"

  @ac-codemcp-test_get_pet_by_id
  Scenario: a path parameter selects one pet
    When the client runs the script:
      """lua
      return sdk.get_pet({ pet_id = 1 })
      """
    Then the script result is:
      """json
      {"id": 1, "name": "Fido", "status": "active", "tag": "dog", "owner_id": 1}
      """
    And the pet store received exactly the requests "GET /pets/1"

  @ac-codemcp-test_create_pet
  Scenario: creating a pet sends the body and the store keeps it
    When the client runs the script:
      """lua
      return sdk.create_pet({
        name = "Spark",
        status = "active",
        tag = "hamster"
      })
      """
    Then the script result is:
      """json
      {"id": 5, "name": "Spark", "status": "active", "tag": "hamster", "owner_id": null}
      """
    And the pet store received exactly the requests "POST /pets"
    And the pet store holds the pet:
      """json
      {"id": 5, "name": "Spark", "status": "active", "tag": "hamster", "owner_id": null}
      """

  @ac-codemcp-test_update_pet
  Scenario: updating a pet changes only the fields given
    When the client runs the script:
      """lua
      return sdk.update_pet({
        pet_id = 1,
        name = "Fido Jr."
      })
      """
    Then the script result is:
      """json
      {"id": 1, "name": "Fido Jr.", "status": "active", "tag": "dog", "owner_id": 1}
      """
    And the pet store received exactly the requests "PUT /pets/1"
    And the pet store holds the pet:
      """json
      {"id": 1, "name": "Fido Jr.", "status": "active", "tag": "dog", "owner_id": 1}
      """

  @ac-codemcp-test_delete_pet
  Scenario: deleting a pet removes it from the store
    When the client runs the script:
      """lua
      return sdk.delete_pet({ pet_id = 1 })
      """
    Then the script result is:
      """json
      {"status": "deleted"}
      """
    And the pet store received exactly the requests "DELETE /pets/1"
    And the pet store holds no pet 1
    And the pet store holds 3 pets

  @ac-codemcp-test_query_params
  Scenario: query parameters filter and limit the list
    When the client runs the script:
      """lua
      return sdk.list_pets({ limit = 2, status = "active" })
      """
    Then the script result is:
      """json
      {"items": [
        {"id": 1, "name": "Fido", "status": "active", "tag": "dog", "owner_id": 1},
        {"id": 3, "name": "Buddy", "status": "active", "tag": "dog", "owner_id": 2}
      ], "total": 2}
      """
    And the pet store received exactly the requests "GET /pets?limit=2&status=active"

  @ac-codemcp-test_nested_resource
  Scenario: a nested resource lists one owner's pets
    When the client runs the script:
      """lua
      return sdk.list_owner_pets({ owner_id = 1 })
      """
    Then the script result is:
      """json
      [
        {"id": 1, "name": "Fido", "status": "active", "tag": "dog", "owner_id": 1},
        {"id": 2, "name": "Whiskers", "status": "adopted", "tag": "cat", "owner_id": 1}
      ]
      """
    And the pet store received exactly the requests "GET /owners/1/pets"

  @ac-codemcp-test_multi_call_script
  Scenario: one call's output feeds the next call
    When the client runs the script:
      """lua
      local all_pets = sdk.list_pets()
      local first_id = all_pets.items[1].id
      local detail = sdk.get_pet({ pet_id = first_id })
      return { list_count = all_pets.total, detail = detail }
      """
    Then the script result is:
      """json
      {"list_count": 4,
       "detail": {"id": 1, "name": "Fido", "status": "active", "tag": "dog", "owner_id": 1}}
      """
    And the script made 2 API calls
    And the pet store received exactly the requests "GET /pets, GET /pets/1"

  @ac-codemcp-test_create_then_fetch
  Scenario: a created pet is fetched back by the id the API gave it
    When the client runs the script:
      """lua
      local created = sdk.create_pet({
        name = "Ziggy",
        status = "pending",
        tag = "parrot"
      })
      local fetched = sdk.get_pet({ pet_id = created.id })
      return { created = created, fetched = fetched }
      """
    Then the script result is:
      """json
      {"created": {"id": 5, "name": "Ziggy", "status": "pending", "tag": "parrot", "owner_id": null},
       "fetched": {"id": 5, "name": "Ziggy", "status": "pending", "tag": "parrot", "owner_id": null}}
      """
    And the pet store received exactly the requests "POST /pets, GET /pets/5"

  @ac-codemcp-test_enum_values
  Scenario: an enum value filters by status
    When the client runs the script:
      """lua
      return sdk.list_pets({ status = "pending" })
      """
    Then the script result is:
      """json
      {"items": [{"id": 4, "name": "Luna", "status": "pending", "tag": "cat", "owner_id": null}],
       "total": 1}
      """
    And the pet store received exactly the requests "GET /pets?status=pending"

  Scenario: an operationId in camelCase is called by its snake_case name
    When the client runs the script "return sdk.get_owner_by_id({ owner_id = 2 }).name"
    Then the script result is "Bob"
    And the pet store received exactly the requests "GET /owners/2"

  Scenario: a yes-or-no filter lists the pets without an owner
    When the client runs the script:
      """lua
      local pets = sdk.list_pets({ has_owner = false })
      return { name = pets.items[1].name, total = pets.total }
      """
    Then the script result is:
      """json
      {"name": "Luna", "total": 1}
      """
    And the pet store received exactly the requests "GET /pets?has_owner=false"

  @ac-codemcp-test_optional_fields
  Scenario: an absent optional field comes back as null, not missing
    When the client runs the script:
      """lua
      return sdk.get_pet({ pet_id = 4 })
      """
    Then the script result is:
      """json
      {"id": 4, "name": "Luna", "status": "pending", "tag": "cat", "owner_id": null}
      """

  @ac-codemcp-test_script_error_handling
  Scenario: an HTTP error of the API is a tool error naming the status, and the bridge goes on
    When the client runs the script:
      """lua
      return sdk.get_pet({ pet_id = 9999 })
      """
    Then the script fails with an error naming "404" and "Pet not found"
    When the client runs the script "return sdk.list_pets().total"
    Then the script result is 4

  Scenario Outline: an error page of the API is quoted whole up to 1000 characters, and a longer one cut
    Given a gateway in front of the pet store answers every request with HTTP 502 and an error page of <length> characters
    When the client runs the script "return sdk.list_pets({ status = 'active' })"
    Then the script fails with an error naming "HTTP 502" and "GET /pets?status=active"
    And the script fails with an error quoting <quoted>

    Examples:
      | length | quoted                                           |
      | 999    | the whole page                                   |
      | 1000   | the whole page                                   |
      | 1001   | the page's first 1000 characters and an ellipsis |
      | 5000   | the page's first 1000 characters and an ellipsis |

  Scenario: an error raised by the script is a tool error with its message
    When the client runs the script:
      """lua
      local pets = sdk.list_pets()
      error("only " .. pets.total .. " pets, wanted 10")
      """
    Then the script fails with an error naming "only 4 pets, wanted 10"
    And the failed script made 1 API call

  Scenario: a parameter the operation does not take is refused before any request
    When the client runs the script:
      """lua
      return sdk.get_pet({ pet_id = 1, colour = "brown" })
      """
    Then the script fails with an error naming "colour"
    And the pet store received exactly the requests ""

  Scenario: an empty table of parameters is the same as none
    When the client runs the script "return sdk.list_pets({}).total"
    Then the script result is 4
    And the pet store received exactly the requests "GET /pets"

  Scenario: a list where the operation takes named parameters is refused before any request
    When the client runs the script:
      """lua
      return sdk.get_pet({ 1 })
      """
    Then the script fails with an error naming "get_pet takes one table of named parameters"
    And the pet store received exactly the requests ""

  Scenario: a header parameter reaches the API: a create repeated with its idempotency key makes one pet
    When the client runs the script:
      """lua
      local first = sdk.create_pet({ name = "Spark", ["Idempotency-Key"] = "spark-1" })
      local again = sdk.create_pet({ name = "Spark", ["Idempotency-Key"] = "spark-1" })
      local other = sdk.create_pet({ name = "Spark", ["Idempotency-Key"] = "spark-2" })
      return { first.id, again.id, other.id }
      """
    Then the script result is:
      """json
      [5, 5, 6]
      """
    And the pet store holds 6 pets

  Scenario: a whole number too large for 32 bits reaches the API and the client as an integer
    When the client runs the script:
      """lua
      return sdk.create_pet({ name = "Comet", owner_id = 4102444800 })
      """
    Then the script result is:
      """json
      {"id": 5, "name": "Comet", "status": "active", "tag": null, "owner_id": 4102444800}
      """
    And the pet store holds the pet:
      """json
      {"id": 5, "name": "Comet", "status": "active", "tag": null, "owner_id": 4102444800}
      """

  Scenario: print output is returned as the script's logs
    When the client runs the script:
      """lua
      local pets = sdk.list_pets({ status = "active" })
      for _, pet in ipairs(pets.items) do
        print(pet.id, pet.name)
      end
      return #pets.items
      """
    Then the script result is 2
    And the script's logs are:
      """json
      ["1\tFido", "3\tBuddy"]
      """

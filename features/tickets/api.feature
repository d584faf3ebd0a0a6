@tickets
Feature: The ticket tools work through the ticket API
  The tools never read the database: each asks the ticket API as the caller, and the API keeps
  every organization's tickets apart. A failing API comes back as the documented error.

  @ac-tickets-organizations @ac-tickets-tools-via-api
  Scenario Outline: Organizations never see each other's tickets (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When alice's token creates the ticket "Alice's printer jams"
    And bob's token creates the ticket "Bob's laptop will not boot"
    Then alice's token lists only the ticket "Alice's printer jams"
    And bob's token searching for "printer" finds nothing
    And bob's token fetching alice's ticket gets the documented error with status 404
    And the API holds 2 tickets, each created by its user in that user's organization
    And every service's log is clean

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-tools-via-api
  Scenario Outline: Tickets are listed a page at a time, oldest first (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When alice's token creates the ticket "First"
    And alice's token creates the ticket "Second"
    And alice's token creates the ticket "Third"
    And alice's token lists page 2 of its tickets, 2 per page
    Then the page holds only the ticket "Third", of 3 tickets in all
    And every service's log is clean

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-organizations
  Scenario: The ticket API itself needs the caller's identity, and files a ticket without a category as general
    Given the ticket system with ours as its MCP server
    When a request reaches the ticket API without the caller's identity
    Then the ticket API refuses it with HTTP status 401, naming the headers it needs
    When alice's user creates the ticket "No category given" at the ticket API without a category
    Then the ticket API files it under "general", created by alice in that user's organization
    And every service's log is clean

  @ac-tickets-api-failure
  Scenario Outline: An API failure comes back as the documented error (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    And the ticket API fails its next request
    When alice's token lists its tickets
    Then the answer is the documented error with status 500
    And the ticket API received one request per token, each as that token's user and organization
    And every service's log is clean apart from lines matching:
      | allowed line                   |
      | GET /api/v1/tickets HTTP 500   |
      | HTTP Request: GET .* 500 Internal Server Error |

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-postgres @postgres
  Scenario: The ticket API keeps its tickets in PostgreSQL
    Given the ticket system on PostgreSQL with ours as its MCP server
    Then the ticket API's log has lines matching:
      | startup line                     |
      | ticket API started on postgresql |
    When alice's token creates the ticket "Stored in PostgreSQL"
    And bob's token creates the ticket "Also stored"
    Then alice's token lists only the ticket "Stored in PostgreSQL"
    And the API holds 2 tickets, each created by its user in that user's organization
    And every service's log is clean

@tickets
Feature: Chatting with the ticket agent
  The chat service answers a user's message with a deterministic agent that opens an MCP session
  with the user's own token and calls the ticket tools. Its answer says which tools it used, how
  confident it is, and whether a person must take over.

  @ac-tickets-e2e-chat-request @ac-tickets-agent-calls-tools @ac-tickets-integration-agent @ac-tickets-no-redirects
  Scenario Outline: The document's request: which tools can you call? (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When the document's user asks in the document's thread "what tools can you call?"
    Then the chat answers with HTTP status 200
    And the answer names exactly the tools list_tickets, create_ticket, search_tickets, get_ticket
    And the answer's confidence is above 0, it used tools, and needs no escalation
    And the chat's log shows an MCP client created for the document's user
    And no HTTP exchange between the services was a redirect
    And every service's log is clean

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-e2e-tool-functionality @ac-tickets-e2e-threads @ac-tickets-agent-calls-tools
  Scenario Outline: Creating, searching and listing tickets through the chat (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When the document's user asks in the document's thread "create a ticket for testing FastMCP"
    Then the answer used create_ticket and contains the words "ticket, created, testing"
    And the answer contains the id of the ticket the API now holds, created by the document's user in its organization
    When the document's user asks in the document's thread "search for tickets about FastMCP"
    Then the answer used search_tickets and contains the words "search, ticket, fastmcp"
    And the answer names the title "testing FastMCP"
    When the document's user asks in the document's thread "list my tickets"
    Then the answer used list_tickets and contains the words "ticket, list"
    And the document's thread holds the 3 messages, each followed by its answer
    And no HTTP exchange between the services was a redirect
    And every service's log is clean

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-agent-calls-tools
  Scenario Outline: The agent is firm about a ticket it created or found, and less so about none (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When the document's user asks in the document's thread "create a ticket for a broken stapler"
    Then the answer used create_ticket and contains the words "ticket, created, stapler"
    And the answer's confidence is 0.9
    When the document's user asks in the document's thread to see the ticket it created
    Then the answer used get_ticket and contains the words "ticket"
    And the answer names the title "a broken stapler"
    And the answer's confidence is 0.9
    When the document's user asks in the document's thread "search for tickets about submarines"
    Then the answer used search_tickets and contains the words "search, submarines"
    And the answer's confidence is 0.6
    And every service's log is clean

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-e2e-threads
  Scenario Outline: The chat refuses strangers and offers only what a token may do (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When an unknown token asks in the document's thread "list my tickets"
    Then the chat answers with HTTP status 401
    When bob's token asks in the document's thread "list my tickets"
    Then the chat answers with HTTP status 403
    When a token without create_ticket asks in its own thread "create a ticket for a new mouse"
    Then the chat answers with HTTP status 200
    And the answer needs escalation, with confidence 0
    When alice's token asks in its own thread "what tools can you call?"
    Then the answer names exactly the tools list_tickets, create_ticket, search_tickets
    And the ticket API received nothing
    And every service's log is clean apart from lines matching:
      | allowed line |
      | refused: not in the organization |

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

  @ac-tickets-e2e-threads @ac-tickets-organizations
  Scenario Outline: Two users chatting at once never see each other's identity downstream (<implementation>)
    Given the ticket system with <implementation> as its MCP server
    When alice and bob each ask 5 times at once "create a ticket for my desk"
    Then every answer has HTTP status 200 and contains a ticket id
    And the ticket API received 10 requests, each as the user whose message caused it
    And the API holds 10 tickets, each created by its user in that user's organization
    And every service's log is clean

    @ours
    Examples: ours
      | implementation |
      | ours           |

    @external @fastmcp
    Examples: FastMCP
      | implementation |
      | fastmcp        |

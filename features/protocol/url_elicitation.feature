@protocol @client-requests @since-2025-11-25
Feature: Sending the user to a web page (URL mode elicitation)
  Some things must not pass through the client at all: connecting a third-party account,
  entering a payment. For those a server sends the user to a web page of its own (URL mode
  elicitation), if the client declared it can open one. The request has mode "url", a message
  for the user, an elicitation id and a valid URL (eli-5). The URL carries nothing secret of
  the user and is not a link that is already signed in: whoever holds it must not be able to
  act as the user (eli-10). When the server tells the client that the elicitation is complete,
  it tells that client only, naming the elicitation's id (eli-6). A server that cannot go on
  until the user has visited a page may instead refuse the request with error -32042, listing
  the pages to visit, each a URL mode elicitation with its id (eli-7).

  The tool that needs a web page comes from the server registry (the probe
  url_elicitation_tool); a server without one is skipped with the reason. The IDs name
  statements of docs/spec/011-client-features.md.

  Rule: The server names the page and the elicitation, and nothing secret

    @spec-eli-5 @spec-eli-10 @spec-eli-6
    Scenario Outline: The user connects an account on the page the server names over <transport>
      Given the user opens the web pages servers send them to
      And a client connected to the server under test over <transport>
      When the client calls the URL elicitation tool
      Then the server sent the user to a web page, with a message, an elicitation id and a valid address
      And the page's address carries no credentials or secrets of the user
      And any notice that an elicitation is complete names the one this client was sent

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    @spec-eli-6 @http
    Scenario: Another client of the same server hears nothing of the elicitation
      Given the user opens the web pages servers send them to
      And a client "alice" connected to the server under test over http
      And a client "bob" connected to the server under test over http
      When "alice" calls the URL elicitation tool
      Then "bob" got no notice that an elicitation is complete

  Rule: A server that cannot go on without a web page says which pages

    @spec-eli-7 @spec-eli-2
    Scenario Outline: A client that can only show forms calls for a web page over <transport>
      Given the client accepts elicitation requests with:
        """json
        {"name": "Ada Lovelace"}
        """
      And a client connected to the server under test over <transport>
      When the client calls the URL elicitation tool
      Then the server did not send the user to a web page
      And a refusal because a web page must be visited first lists the pages, each with its elicitation id

      Examples:
        | transport |
        | stdio     |
        | http      |

@protocol @pagination
Feature: Pagination
  A server may split a long list (tools, resources, resource templates, prompts) into pages. Each
  page but the last carries an opaque nextCursor; asking with it returns the next page. Walking
  the pages must show every item exactly once and come to an end. A cursor the server never
  issued is refused as invalid params.

  The scenarios are about lists the server pages: for a list that comes whole in one page there
  is nothing to walk and no cursor to validate, so they are skipped, with the reason.

  The specification (docs/spec/010-completion-logging-pagination.md): cursors should be stable
  and an invalid cursor handled gracefully (pag-1), as invalid params (pag-2).

  Rule: Following nextCursor visits every item exactly once

    # SHOULD (pag-1, stable cursors): a miss is a warning naming pag-1.
    @spec-pag-1
    Scenario Outline: Walking every page of the <list> list over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the <capability> capability
      And the server splits the <list> list into pages
      When the client walks every page of the <list> list
      Then each of the <list> should appear exactly once across the pages

      Examples:
        | list               | capability | transport |
        | tools              | tools      | stdio     |
        | tools              | tools      | http      |
        | resources          | resources  | stdio     |
        | resources          | resources  | http      |
        | resource templates | resources  | stdio     |
        | resource templates | resources  | http      |
        | prompts            | prompts    | stdio     |
        | prompts            | prompts    | http      |
        | tools              | tools      | sse       |
        | resources          | resources  | sse       |
        | resource templates | resources  | sse       |
        | prompts            | prompts    | sse       |

  Rule: A cursor the server never issued is refused

    # SHOULD (pag-2): a wrong answer is a warning naming pag-1 and pag-2.
    @spec-pag-1 @spec-pag-2
    Scenario Outline: Asking for the <list> list with a foreign cursor over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the <capability> capability
      And the server splits the <list> list into pages
      When the client asks for the <list> list with a cursor the server never issued
      Then the server should answer with error code -32602

      Examples:
        | list               | capability | transport |
        | tools              | tools      | stdio     |
        | tools              | tools      | http      |
        | resources          | resources  | stdio     |
        | resources          | resources  | http      |
        | resource templates | resources  | stdio     |
        | resource templates | resources  | http      |
        | prompts            | prompts    | stdio     |
        | prompts            | prompts    | http      |
        | tools              | tools      | sse       |
        | resources          | resources  | sse       |
        | resource templates | resources  | sse       |
        | prompts            | prompts    | sse       |

@protocol @progress
Feature: Progress
  A client that wants to follow a long request puts a progress token in the request's _meta.
  The server may then send progress notifications that carry that token. The progress value
  must increase with every notification (specification: prog-1), and a notification names only
  the token of a request still in progress (prog-2). A total is optional and only an estimate:
  nothing requires progress to stay within it or to reach it. A token is a string or an
  integer, and the server returns it as it came.

  The tool that reports progress comes from the server registry (probe progress_tool).

  Rule: Progress notifications carry the request's token and only go forward

    @spec-prog-1 @spec-prog-2 @spec-tr-14 @spec-t26-2
    Scenario Outline: A long call reports progress against the <kind> token <token> over <transport>
      Given an initialized raw connection to the server under test over <transport>
      And the server declares the tools capability
      When the client calls the progress tool with the progress token <token>
      Then the call succeeds
      And the server sent at least one progress notification
      And every progress notification carried the token <token> and went forward

      Examples:
        | transport | kind    | token                   |
        | stdio     | string  | "acceptance-progress-1" |
        | stdio     | integer | 4711                    |
        | http      | string  | "acceptance-progress-1" |
        | http      | integer | 4711                    |
        | sse       | string  | "acceptance-progress-1" |
        | sse       | integer | 4711                    |

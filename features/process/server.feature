@process
Feature: The mcp-process server as a child process, speaking MCP over stdio
  The suite starts mcp-process as a child process of its own, exactly as an MCP client would,
  and talks JSON-RPC to it over stdin and stdout. These scenarios check that arrangement itself,
  the initialize handshake, and JSON-RPC 2.0 on the wire.
  Requirement page: docs/requirements/002-process.md

  Background:
    Given the mcp-process server

  Rule: The suite runs the server as a child process over stdio (requirement 1)

    @ac-process-1-1
    Scenario: The server runs as a child process of the suite
      Given a client connected to the server under test over stdio
      Then the server runs as a child process of the suite

    @ac-process-1-2
    Scenario: The server's standard input, output and error are connected to the suite
      Given a client connected to the server under test over stdio
      Then the server's standard input, output and error are pipes

    @ac-process-1-3
    Scenario: The client waits for the initialize answer before sending anything else
      Given a client connected to the server under test over stdio
      When the client lists the tools
      Then the client sent initialize first, and nothing more until the server answered it

    @ac-process-1-4
    Scenario: Ending the session ends the server and every process it started
      Given a client connected to the server under test over stdio
      And a test program that sleeps 60 seconds
      When the client starts the test program
      Then that process is running in the operating system
      When the client closes the connection
      Then the server process exits on its own within 3 seconds
      And its exit status is 0
      And that process is gone from the operating system within 3 seconds

    @ac-process-1-5
    Scenario: A server that cannot start is reported by name, with its exit status and its own words
      Given each wait is bounded by 3 seconds
      And the bundled server "mcp-process" with the configuration file "Cargo.toml"
      When a client tries to connect to the server under test over stdio
      Then the attempt fails within 3 seconds
      And the failure says "initialize with mcp-process over stdio failed"
      And the failure says "exit status 1"
      And the failure says "invalid config Cargo.toml"

  Rule: The server answers initialize with its name, version and the tools capability (requirement 2)

    @ac-process-2-1
    Scenario: Initialize is answered with a protocol version and the server's information
      Given a raw connection to the server under test over stdio
      When the client sends initialize offering protocol version "2025-11-25"
      Then the call succeeds
      And the result names a protocol version the client can speak
      And the result names the server and its version

    @ac-process-2-2
    Scenario: The server calls itself mcp-process
      Given a raw connection to the server under test over stdio
      When the client sends initialize offering protocol version "2025-11-25"
      Then the result has:
        | serverInfo.name | "mcp-process" |

    @ac-process-2-3
    Scenario: The server declares the tools capability
      Given a raw connection to the server under test over stdio
      When the client sends initialize offering protocol version "2025-11-25"
      Then the result declares the server's capabilities as an object
      And the result has:
        | capabilities.tools | a JSON object |

    @ac-process-2-4
    Scenario: Protocol version 2024-11-05 is accepted
      Given a raw connection to the server under test over stdio
      When the client sends initialize offering protocol version "2024-11-05"
      Then the call succeeds
      And the result has:
        | protocolVersion | "2024-11-05" |

    @ac-process-2-5
    Scenario: A client that introduces itself is accepted and served
      Given a raw connection to the server under test over stdio
      When the client introduces itself as "acceptance-probe" version "9.9.9" in initialize
      Then the call succeeds
      And the client's requests are served after the handshake

  Rule: Messages are JSON-RPC 2.0, newline-delimited on stdin and stdout (requirement 11)

    @ac-process-11-1
    Scenario: Every request the client sends is a complete JSON-RPC 2.0 request
      Given a client connected to the server under test over stdio
      When the client lists the tools
      And the client calls process_list with:
        """json
        {}
        """
      Then every request the client sent carried jsonrpc "2.0", an id, a method and params

    @ac-process-11-2
    Scenario: A response carries jsonrpc 2.0, the request's id, and a result
      Given an initialized raw connection to the server under test over stdio
      When the client sends the request tools/call with id 42 and params:
        """json
        {"name": "process_list", "arguments": {}}
        """
      Then the response is JSON-RPC 2.0 with id 42 and exactly one of result or error
      And the call succeeds

    @ac-process-11-3
    Scenario: Many requests at once are matched to their answers by id
      Given an initialized raw connection to the server under test over stdio
      When the client sends 20 pings at once, each with its own id
      Then each of the 20 pings is answered exactly once, with its own id

    @ac-process-11-4
    Scenario: Requests go in on stdin and answers come out on stdout, one JSON message a line
      Given an initialized raw connection to the server under test over stdio
      When the client writes two pings with ids 21 and 22 in a single write
      Then the server answers with id 21 and with id 22

    @ac-process-11-4
    Scenario: The server writes nothing but JSON-RPC lines on stdout while it runs processes
      Given a client connected to the server under test over stdio
      When the client starts "echo" with the arguments "printed by the child, not by the server"
      And the client lists the tools
      Then every line the server wrote on stdout was a JSON-RPC message

    @ac-process-11-5
    Scenario Outline: Every answer is a valid JSON-RPC 2.0 response: <case>
      Given an initialized raw connection to the server under test over stdio
      When the client sends the request <method> with id <id> and params:
        """json
        {}
        """
      Then the response is JSON-RPC 2.0 with id <id> and exactly one of result or error

      Examples:
        | case           | method          | id |
        | a ping         | ping            | 51 |
        | a tool list    | tools/list      | 52 |
        | an unknown one | no/such/method  | 53 |

@process
Feature: Security policy
  mcp-process only starts programs on its allowlist, never the ones on its blocklist, refuses
  environment variables that change how programs are loaded or how shells behave, and refuses
  arguments that look like shell command injection. Each refusal says what was wrong, and
  nothing is started.
  Requirement page: docs/requirements/002-process.md

  Background:
    Given the mcp-process server
    And a client connected to the server under test over stdio

  Rule: Only allowlisted programs start, and clear refusals say why (requirement 10)

    @ac-process-10-1
    Scenario Outline: A program that is not on the allowlist is refused: <executable>
      When the client starts "<executable>" with the arguments "<args>"
      Then the call fails with the code "EXECUTABLE_NOT_ALLOWED"
      And the server has started no process

      Examples:
        | executable | args        |
        | cat        | /etc/passwd |
        | python3    | -V          |
        | /bin/sh    | -c id       |

    @ac-process-10-2
    Scenario Outline: A dangerous program is refused: <executable>
      When the client starts "<executable>" with the arguments "id"
      Then the call fails with the code "EXECUTABLE_BLOCKED"
      And the error message mentions "<executable>"
      And the server has started no process

      Examples:
        | executable    |
        | sudo          |
        | su            |
        | doas          |
        | pkexec        |
        | /usr/bin/sudo |

    @ac-process-10-3
    Scenario Outline: A dangerous environment variable is refused: <variable>
      Given a test program that prints the variable <variable>
      When the client starts the test program with:
        """json
        {"env": {"<variable>": "/tmp/evil"}}
        """
      Then the call fails with the code "DANGEROUS_ENVIRONMENT"
      And the error message mentions "<variable>"
      And the server has started no process

      Examples:
        | variable              |
        | LD_PRELOAD            |
        | LD_LIBRARY_PATH       |
        | LD_AUDIT              |
        | DYLD_INSERT_LIBRARIES |
        | BASH_ENV              |
        | IFS                   |

    @ac-process-10-4
    Scenario Outline: An argument that tries command injection is refused: <case>
      When the client calls process_start with:
        """json
        {"executable": "echo", "args": ["hello", <argument>]}
        """
      Then the call fails with the code "COMMAND_INJECTION"
      And the server has started no process

      Examples:
        | case                 | argument            |
        | a command separator  | "; rm -rf /"        |
        | a conditional        | "&& id"             |
        | a pipe               | "\| sh"             |
        | command substitution | "$(whoami)"         |
        | backticks            | "`id`"              |
        | a redirection        | "> /tmp/owned"      |
        | a newline            | "hello\\nid"        |

    @ac-process-10-5
    Scenario Outline: The refusal names the security issue: <case>
      When the client calls process_start with:
        """json
        <arguments>
        """
      Then the call fails with the code "<code>"
      And the error message mentions "<mentions>"

      Examples:
        | case               | arguments                                                  | code                   | mentions                 |
        | not allowlisted    | {"executable": "curl"}                                     | EXECUTABLE_NOT_ALLOWED | curl                     |
        | blocked            | {"executable": "sudo", "args": ["id"]}                     | EXECUTABLE_BLOCKED     | sudo                     |
        | loader variable    | {"executable": "echo", "env": {"LD_PRELOAD": "/tmp/x.so"}} | DANGEROUS_ENVIRONMENT  | LD_PRELOAD               |
        | injected argument  | {"executable": "echo", "args": ["ok", "; reboot"]}         | COMMAND_INJECTION      | ; reboot                 |
        | blocked by config  | {"executable": "rm", "args": ["-rf", "/tmp/x"]}            | EXECUTABLE_BLOCKED     | rm                       |
        | blocked always     | {"executable": "passwd"}                                   | EXECUTABLE_BLOCKED     | passwd                   |
        | a relative path    | {"executable": "./sleep", "args": ["1"]}                   | EXECUTABLE_NOT_ALLOWED | relative paths never are |
        | any loader setting | {"executable": "echo", "env": {"LD_BIND_NOW": "1"}}        | DANGEROUS_ENVIRONMENT  | LD_BIND_NOW              |
        | an injected line   | {"executable": "echo", "args": ["hello\\nid"]}             | COMMAND_INJECTION      | newline                  |

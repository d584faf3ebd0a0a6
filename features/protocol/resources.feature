@protocol @resources
Feature: Resources
  A server that declares the resources capability lists the resources it offers, each named by
  a URI, and returns their contents on request, each item naming its URI: text, or binary data
  in base64. Resource templates describe whole families of resources by URI template. A client
  may subscribe to a resource and is then told when it changes. Asking for a resource that does
  not exist is an error, never an empty answer.

  Reading is free of side effects, so the scenarios read resources the server itself lists.
  The registry (fixtures/servers.toml) may name the resources to use instead: text_resource,
  blob_resource, templated_resource, and watched_resource (a resource to subscribe to, with the
  tool call that changes it).

  The specification (docs/spec/008-resources.md, 012): URIs follow RFC 3986 (res-4); binary
  contents are properly encoded (res-8); a resource that does not exist is an error, never empty
  contents (res-7, s26-4), with the code of the agreed version (lc-6; -32002 is a SHOULD, res-5).

  Rule: Every listed resource can be told apart and read

    @spec-res-4
    Scenario Outline: Listing the resources over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      When the client lists the resources
      Then every resource has a URI with a scheme and a name, and no URI is listed twice

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    # Not required by the text (a resource may go between the list and the read): a listed
    # resource that cannot be read is a warning.
    Scenario Outline: Every listed resource can be read over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      Then every listed resource should be readable

      Examples:
        | transport |
        | stdio     |
        | http      |

    Scenario Outline: Reading a text resource over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      When the client reads a text resource
      Then the server returns the resource's contents as text

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    @spec-res-8
    Scenario Outline: Reading a binary resource over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      When the client reads a binary resource
      Then the server returns the resource's contents as base64 binary data

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Resource templates describe families of resources by URI template

    Scenario Outline: Listing the resource templates over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      When the client lists the resource templates
      Then every resource template has a name and a well-formed URI template

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    Scenario Outline: Reading a resource through a template over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      When the client reads a resource through one of its templates
      Then the server returns the resource's contents as text or binary data

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: A subscriber is told when the resource it watches changes

    # The update notification is described without a keyword: no notification is a warning, and
    # so is a resource that reads as before the change.
    Scenario Outline: Subscribing to a resource and hearing that it changed over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources.subscribe capability
      When the client subscribes to the watched resource
      Then the call succeeds
      When the watched resource changes
      Then the client should be notified that the watched resource was updated
      And reading the watched resource should show the change

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    Scenario Outline: Unsubscribing from a resource over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources.subscribe capability
      And the client has subscribed to the watched resource
      When the client unsubscribes from the watched resource
      Then the call succeeds

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

    # SHOULD (res-5, res-7): a subscription taken for a URI the server does not have is a
    # warning.
    @spec-res-5 @spec-res-7
    Scenario Outline: Subscribing to a resource that does not exist over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources.subscribe capability
      When the client subscribes to a resource that does not exist
      Then the server should answer with an error

      Examples:
        | transport |
        | stdio     |
        | http      |

    # Described without a keyword as well: an update after unsubscribing is a warning.
    Scenario Outline: No update comes after unsubscribing over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources.subscribe capability
      And the client has subscribed to the watched resource
      And the client has unsubscribed from the watched resource
      When the watched resource changes
      Then the client should not be notified that the watched resource was updated

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

  Rule: Reading a resource that does not exist is an error, never empty contents

    # The error code depends on the protocol version: -32002 up to 2025-11-25 (the version these
    # sessions agree), -32602 from 2026-07-28 on (SEP-2164).
    # server-everything (a warning, no longer a listed defect): answers -32602 ("Resource … not found") in
    # protocol 2025-11-25 too, the code its SDK uses for every version.
    # An error and never empty contents is the MUST (s26-4, res-7); the code -32002 is a SHOULD
    # (res-5) up to 2025-11-25, so a wrong code is a warning naming res-5.
    @spec-lc-6 @spec-res-5 @spec-res-7 @spec-s26-4
    Scenario Outline: Reading a resource that does not exist over <transport>
      Given a client connected to the server under test over <transport>
      And the server declares the resources capability
      When the client reads a resource that does not exist
      Then the server answers that the resource was not found

      Examples:
        | transport |
        | stdio     |
        | http      |
        | sse       |

@auth @http
Feature: Where a server guarded by OAuth advertises its protected-resource metadata
  A server that requires bearer tokens tells a client where to learn how to get one: its
  protected-resource metadata document (RFC 9728), whose address it names in the
  resource_metadata parameter of its Bearer challenge, or which it serves at a well-known
  address (the well-known prefix before the endpoint's path, or at the root) (auth-3).

  These scenarios address the server under test (MCP_SUT) when it declares bearer auth, and the
  registered "reference-jwt" when no server was chosen; a chosen server without bearer auth skips
  them with the reason. The ID names a statement of docs/spec/004-authorization.md.

  Background:
    Given a server requiring bearer JWTs: the server under test, or else the registered "reference-jwt"

  Rule: The metadata document is named in the challenge or served at a well-known address

    @spec-auth-3
    Scenario: A client without a token learns where the metadata is
      Given a raw connection to the server under test over http
      When the client sends initialize with no Authorization header
      Then the server refuses it with HTTP status 401
      And the server advertises its protected-resource metadata, in the challenge or at a well-known address

@protocol @streamable-http @http
Feature: The event streams of a streamable HTTP session
  Over streamable HTTP the server answers a posted request on an event stream of its own (or as
  JSON), and a GET of the endpoint may open a further stream for what the server says on its own.
  That GET stream carries only the server's requests and notifications, never the answer to a
  request, unless it resumes a request's stream (tr-19). Event ids are unique across all the
  streams of a session (tr-21), so that a client reconnecting with the last id it saw resumes
  exactly the stream it lost, and a resumed stream never replays what another stream carried
  (tr-23). A server should begin a request's stream with an event id and empty data, which
  lets the client reconnect (tr-11), and should end the stream once it has sent the answer
  (tr-15).

  A server that answers requests as JSON, refuses GET with 405 or does not resume streams is
  skipped for the scenarios that need them, with the reason. The IDs name statements of
  docs/spec/002-transports.md.

  Background:
    Given an initialized raw connection to the server under test over http

  Rule: The GET stream never carries the answer to a request

    @spec-tr-19
    Scenario: Calls made while a GET stream is open are answered on their own streams
      Given the client listens on an event stream opened with GET
      When the client calls the progress tool 2 times
      Then no answer arrived on the GET stream

  Rule: Event ids are unique across the streams of a session, and resuming replays only the stream resumed

    @spec-tr-21
    Scenario: Several streams of one session never share an event id
      Given the client listens on an event stream opened with GET
      When the client calls the progress tool 3 times
      Then no event id was used on two streams

    @spec-tr-23
    Scenario: Resuming a call's stream replays nothing of another call's stream
      When the client calls the progress tool 2 times
      And the client resumes the first call's stream after its first event
      Then the resumed stream replayed nothing of another stream

  Rule: A request's stream begins so that the client can reconnect, and ends with its answer

    @spec-tr-11
    Scenario: The stream of a call begins with an event id and no data
      When the client calls the sample tool 1 time
      Then the stream of each call should begin with an event that lets the client reconnect

    @spec-tr-15
    Scenario: The stream of a call ends once the call is answered
      When the client calls the sample tool 2 times
      Then the stream of each call should end once the call is answered

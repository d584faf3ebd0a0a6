@hub @suite-run @ac-goblin-decision-5 @ac-goblin-decision-5-parallel @ac-goblin-goal-5
Feature: The hub's scenarios keep to themselves
  Every hub scenario works in a temp dir of its own (the hub's config, state dir and HOME, the
  real servers' files) and ends every process it started: backends, the hub, the CLI, the TUI
  and its shell. Run all of them four at a time, in a suite run with a temp dir of its own: they
  all pass, and afterwards no process of that run and nothing in its temp dir is left. (Without
  the npm servers installed, the run leaves out their scenarios.)

  Scenario: The hub's features, four scenarios at once, all pass and leave nothing behind
    When the suite runs the hub's features, 4 scenarios at once, with a temp dir of its own
    Then the run passes within 60 seconds
    And no process of that run is left within 5 seconds
    And the run left nothing in its temp dir

#!/bin/bash
# The README's demo (tests/hwsim/demo-scenario.sh) as a scenario, so that
# what a new user runs first is checked in CI: every step waits for what it
# shows and fails if it does not come.
# radios=4
. "$(dirname "$0")/../demo-scenario.sh"

#!/bin/sh
# `npm test`: the type-check and the format check run beside jest rather than before it (each is single-threaded,
# and jest spends much of its time waiting on Terraform); the run fails when any of the three fails. Arguments go to
# jest, as in `npm test -- __tests__/plan.test.ts`.
tsc --noEmit -p . &
tsc=$!
prettier --check --log-level warn "**/*.{ts,js}" &
prettier=$!
jest "$@"
jest=$?
wait $tsc
tsc=$?
wait $prettier
prettier=$?
[ "$jest$tsc$prettier" = 000 ]

#!/usr/bin/env bash
# The validation of README "Validation": two load points (3 live runs each, every run calibrated and
# simulated 5 times) and the three faults on the under-capacity kiosk. Writes sim/live/validation/<case>/
# (comparison.md and .json, live.json, simulated.json, live-images.csv, the calibrated scenarios and
# profiles). About 8 minutes of wall time on a shared 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=sim/live/validation
rm -rf "$out" && mkdir -p "$out"
live() { local name=$1; shift; echo "== $name" >&2; npx tsx sim/cli/main.ts live "$@" --out "$out/$name" | tee "$out/$name.txt"; }
live under sim/live/scenarios/under.yaml -r 3
live over sim/live/scenarios/over.yaml -r 3
live consumer-kill sim/live/scenarios/under.yaml -r 2 --fault consumer-kill
live server-restart sim/live/scenarios/under.yaml -r 1 --fault server-restart
live redis-restart sim/live/scenarios/under.yaml -r 1 --fault redis-restart

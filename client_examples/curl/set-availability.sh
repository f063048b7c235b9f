#!/usr/bin/env bash
# Liaison officers: set your availability (the Belgrade LO, LO-001). Every change carries the
# officer's version you last read: a stale one is a CONFLICT, not a lost update.
#
#   ./set-availability.sh [URL] [STATUS] [NOTE]      e.g. ./set-availability.sh AVAILABLE ""
#   STATUS: AVAILABLE, LIMITED, ON_MISSION, ON_LEAVE or UNREACHABLE (default LIMITED)
set -euo pipefail
source "$(dirname "$0")/lonet.sh"
status=${1:-LIMITED}
note=${2-"In court in Belgrade this week; urgent requests by phone"} # "" clears the note
officer=LO-001 # the demo identity lo-belgrade

token=$(demo_token lo-belgrade)
version=$(post "$token" 'query Version($id: ID!) { officer(id: $id) { version } }' "$(variables id=$officer)" |
  field data.officer.version)
query='mutation SetAvailability($status: Availability!, $note: String, $version: Int!) {
  setAvailability(status: $status, note: $note, version: $version) {
    id availability availabilityNote version updatedAt
  }
}'
post "$token" "$query" "$(variables status="$status" note="$note" version:="$version")" | show

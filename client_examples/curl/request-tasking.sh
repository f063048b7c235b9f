#!/usr/bin/env bash
# Investigators: ask for assistance. Without an assignee the request goes to the best match of
# searchLiaisons (the X-Justification header carries the case reference for the log).
#
#   ./request-tasking.sh [URL] [COUNTRY] [COMPETENCE]      default: RS DRUGS, as investigator-be
set -euo pipefail
source "$(dirname "$0")/lonet.sh"
country=${1:-RS}
competence=${2:-DRUGS}

token=$(demo_token investigator-be)
query='mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) {
    id reference status priority dueBy version
    assignee { id name }
    requestingService { code }
    events { action note }
  }
}'
input=$(variables \
  title="Identify the holder of a phone number seen in an Antwerp drugs case" \
  country="$country" \
  competences:="[\"$competence\"]" \
  priority=URGENT \
  legalBasis=BENELUX_POLICE_TREATY_2018 \
  handlingCode=H1)
post "$token" "$query" "{\"input\": $input}" | show

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
    id reference status priority dueBy version caseNumber
    subjects { kind phone }
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
  handlingCode=H1 \
  contact:='{"name": "Insp. An Peeters", "phone": "+32 3 555 01 99", "email": "an.peeters@police.example"}' \
  caseNumber=AN.20.L1.012345/26 \
  replyLanguage=NL \
  subjects:='[{"phone": "+381 64 555 0199"}]')
post "$token" "$query" "{\"input\": $input}" | show

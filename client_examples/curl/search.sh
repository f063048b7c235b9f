#!/usr/bin/env bash
# Investigators: rank the LOs who can help your service in a country on a crime area.
#
#   ./search.sh [URL] [COUNTRY] [COMPETENCE]      default: RS DRUGS, as investigator-be (BE-FEDPOL)
set -euo pipefail
source "$(dirname "$0")/lonet.sh"
country=${1:-RS}
competence=${2:-DRUGS}

token=$(demo_token investigator-be)
query='query FindLiaison($country: String!, $competence: String, $service: String) {
  searchLiaisons(country: $country, competence: $competence, requestingService: $service) {
    onDate
    matches { route score available reasons officer { id name } posting { city } }
    alternatives { route reasons officer { id name } }
    notes
  }
}'
post "$token" "$query" "$(variables country="$country" competence="$competence" service=BE-FEDPOL)" | show

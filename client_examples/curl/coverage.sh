#!/usr/bin/env bash
# Managers: which countries and crime areas of a region the network covers, where a single LO
# carries it, and where nobody does.
#
#   ./coverage.sh [URL] [REGION]      default: WESTERN_BALKANS, as manager-nl
set -euo pipefail
source "$(dirname "$0")/lonet.sh"
region=${1:-WESTERN_BALKANS}

token=$(demo_token manager-nl)
query='query RegionCoverage($region: String) {
  coverage(region: $region) {
    asOf
    summary { countries covered singlePoint gap gapCells singlePointCells }
    countries { country { iso2 name } status officerCount coveredCompetences missingCompetences }
    singlePoints { country { iso2 } competence { code } officer { id name } hasDeputy }
  }
}'
post "$token" "$query" "$(variables region="$region")" | show

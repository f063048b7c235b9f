# Sourced by the curl examples: the server's URL, demo tokens, GraphQL over HTTP with curl.
#
# The GraphQL URL is the first argument (when it starts with http:// or https://), else LONET_URL,
# else http://127.0.0.1:8000/graphql (`lonet serve --demo`). JSON is printed with
# `python3 -m json.tool`, so nothing beyond curl and python3 is needed.
if [[ "${1:-}" == http://* || "${1:-}" == https://* ]]; then
  LONET_URL=$1
  shift
fi
LONET_URL=${LONET_URL:-http://127.0.0.1:8000/graphql}
# The case reference every change and every read of contact data is logged under.
JUSTIFICATION=${JUSTIFICATION:-"case BE-FEDPOL/2026/0815"}

# demo_token IDENTITY: a token for a demo identity (dev mode only; in production your identity
# provider issues them). Identities: investigator-be, investigator-nl, investigator-lu,
# lo-belgrade, manager-nl, manager-be, admin.
demo_token() {
  curl -sS --fail-with-body "${LONET_URL%/graphql}/auth/demo-token?identity=$1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# variables NAME=STRING ... NAME:=JSON ...: the variables object, e.g. variables country=RS version:=3
variables() {
  python3 - "$@" <<'PY'
import json, sys
values = {}
for arg in sys.argv[1:]:
    name, _, value = arg.partition("=")
    if name.endswith(":"):
        values[name[:-1]] = json.loads(value)
    else:
        values[name] = value
print(json.dumps(values))
PY
}

# post TOKEN QUERY [VARIABLES]: POST one operation, print the raw JSON response.
post() {
  local body
  body=$(python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1], "variables": json.loads(sys.argv[2])}))' "$2" "${3:-"{}"}")
  curl -sS "$LONET_URL" \
    -H "authorization: Bearer $1" \
    -H 'content-type: application/json' \
    -H 'accept: application/graphql-response+json, application/json' \
    -H "x-justification: $JUSTIFICATION" \
    --data-binary "$body"
}

# show: pretty-print the response on stdin; fail if it has errors (each has extensions.code).
show() {
  local response
  response=$(cat)
  [[ -n $response ]] || return 1
  printf '%s\n' "$response" | python3 -m json.tool
  printf '%s' "$response" | python3 -c 'import json, sys; sys.exit(1 if json.load(sys.stdin).get("errors") else 0)'
}

# field PATH: one value of the response on stdin, e.g. field data.officer.version
field() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[key]
print(value)' "$1"
}

"""The GraphiQL page (for browsers on GET /graphql) with saved example operations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

EXAMPLES = [
    {
        "title": "Investigator: who helps me in Serbia on drugs?",
        "query": """query FindLiaison($country: String!, $competence: String, $service: String, $day: Date) {
  searchLiaisons(country: $country, competence: $competence, requestingService: $service, onDate: $day) {
    onDate
    notes
    matches {
      route
      score
      available
      reasons
      officer { id name rank languages homeService { code } }
      posting { city country { name } }
    }
    alternatives { route officer { name } reasons }
  }
}""",
        "variables": {"country": "RS", "competence": "DRUGS", "service": "BE-FEDPOL"},
    },
    {
        "title": "Directory: Balkans pilot officers",
        "query": """query BalkansPilot {
  officers(filter: {programme: "BALKANS_PILOT"}, first: 20) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name availability
      currentPosting { city country { name(lang: NL) } serves { code } accreditedTo { iso2 } }
      competences { competence { code } level }
      deputies { name }
    }
  }
}""",
        "variables": {},
    },
    {
        "title": "Reference: regions and their countries",
        "query": """query Regions {
  regions { code name(lang: FR) countries { iso2 name(lang: FR) } }
}""",
        "variables": {},
    },
]

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>lonet - GraphiQL</title>
  <style>
    body {{ margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: sans-serif; }}
    #bar {{ padding: 6px 12px; background: #1d3557; color: #fff; font-size: 14px; }}
    #bar select {{ margin-left: 8px; }}
    #graphiql {{ flex: 1; }}
  </style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css" />
</head>
<body>
  <div id="bar">lonet {bar}</div>
  <div id="graphiql">Loading GraphiQL (needs access to unpkg.com)...</div>
  <script crossorigin src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"></script>
  <script>
    const examples = {examples};
    const identities = {identities};
    let token = null;
    async function useIdentity(key) {{
      const response = await fetch("/auth/demo-token?identity=" + encodeURIComponent(key));
      token = (await response.json()).token;
    }}
    async function fetcher(params, options) {{
      const headers = {{ "content-type": "application/json", accept: "application/json" }};
      if (token) headers.authorization = "Bearer " + token;
      Object.assign(headers, (options && options.headers) || {{}});
      const response = await fetch(window.location.pathname, {{ method: "POST", headers, body: JSON.stringify(params) }});
      return response.json();
    }}
    const picker = document.getElementById("identity");
    if (picker) {{
      for (const identity of identities) picker.add(new Option(identity.label, identity.key));
      picker.onchange = () => useIdentity(picker.value);
    }}
    const tabs = examples.map((e) => ({{
      query: "# " + e.title + "\n" + e.query,
      variables: JSON.stringify(e.variables, null, 2),
      headers: JSON.stringify({{ "X-Justification": "case BNL-2026-000123" }}, null, 2),
    }}));
    (identities.length ? useIdentity(identities[0].key) : Promise.resolve()).then(() =>
      ReactDOM.createRoot(document.getElementById("graphiql")).render(
        React.createElement(GraphiQL, {{ fetcher, defaultTabs: tabs, defaultEditorToolsVisibility: true }})
      )
    );
  </script>
</body>
</html>
"""

_PICKER = 'demo identity: <select id="identity"></select> (add X-Justification in the headers tab to read contact data)'
_PRODUCTION = "paste your bearer token in the headers tab: {\"Authorization\": \"Bearer ...\"}"


def graphiql_page(identities: Sequence[Any] | None = None) -> str:
    """GraphiQL; in dev mode with a picker of demo identities (tokens from /auth/demo-token)."""
    listed = [{"key": i.key, "label": i.label} for i in identities or []]
    return _PAGE.format(
        examples=json.dumps(EXAMPLES), identities=json.dumps(listed), bar=_PICKER if listed else _PRODUCTION
    )

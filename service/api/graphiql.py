"""The GraphiQL page (for browsers on GET /graphql) with saved example operations."""

from __future__ import annotations

import json

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
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css" />
</head>
<body>
  <div id="graphiql">Loading GraphiQL (needs access to unpkg.com)...</div>
  <script crossorigin src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"></script>
  <script>
    const examples = {examples};
    const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
    const tabs = examples.map((e) => ({{ query: "# " + e.title + "\\n" + e.query, variables: JSON.stringify(e.variables, null, 2) }}));
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{ fetcher, defaultTabs: tabs, defaultEditorToolsVisibility: true }})
    );
  </script>
</body>
</html>
"""


def graphiql_page() -> str:
    return _PAGE.format(examples=json.dumps(EXAMPLES))

"""The HTTP layer: the Starlette app, the GraphQL-over-HTTP endpoint, health checks."""

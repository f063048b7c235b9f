"""The GraphQL layer: graphene types and thin resolvers, one folder per domain."""

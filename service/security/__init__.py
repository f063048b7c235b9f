"""Who may see and do what: identities from bearer tokens, the role x operation policy, the
consultation log and the abuse limits."""

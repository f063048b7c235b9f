"""Use cases: the domain rules applied through the store, one unit of work each."""

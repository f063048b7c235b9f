"""Pure domain rules of lonet: no I/O, no web framework, no engine."""

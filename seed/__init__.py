"""The demo network (data files in `data/`) and the validating, idempotent loader behind `lonet seed`."""

from .loader import DEFAULT_SEED_DIR, Problem, SeedRejected, SeedSet, load_seed, write_seed

__all__ = ["DEFAULT_SEED_DIR", "Problem", "SeedRejected", "SeedSet", "load_seed", "write_seed"]

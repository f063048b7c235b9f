"""Managers' analytics: coverage, workload, response times, programme reports."""

"""Build and page-load benchmark: ``python -m benchmarks.run`` from the repository root."""

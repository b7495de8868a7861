"""The metrics: their definitions, statistics, and the engine that computes them."""

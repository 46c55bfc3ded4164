"""Adapters wrap the analysis libraries (bandit, radon) so their results become Findings."""

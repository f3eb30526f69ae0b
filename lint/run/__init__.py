"""Running checks over files: configuration, the batch, suppressions, baselines and output files."""

"""What every layer shares without climbing: the typed settings, the error root and the pipeline's records."""

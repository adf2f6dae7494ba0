"""Assembly and command line of the Arabic news event pipeline."""

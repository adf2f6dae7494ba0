"""Beam transforms of the pipeline and the pure functions under them."""

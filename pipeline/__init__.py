"""Assembly and command line of the Arabic news event pipeline."""
from pipeline.logs import drop_beam_import_notice

drop_beam_import_notice()  # before any module of the package imports Beam

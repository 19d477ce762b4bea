"""digest: a static-site generator for a bilingual (Indonesian/English) news digest.

The pipeline, stage by stage (each a package or module here, passing frozen values)::

    load → extract → localize → plan → render → write (→ search)

``build/`` runs it: caches, fingerprints, process pools and the one rebuild decision.
``cli`` and ``serve`` are the shells. See docs/ARCHITECTURE.md.
"""

__version__ = "0.1.0"  # the release; `digest init` pins its sites' workflows to it

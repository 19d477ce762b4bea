"""The build machinery: the only package that knows caches, fingerprints, processes and rebuilds.

The stages (``load``, ``extract``, ``localize``, ``plan``, ``render``, ``write``) are
plain functions of frozen values and never import this package. Here they are run:

* ``pipeline`` — ``build()``, the table of contents, and ``facts()`` for one file;
* ``changes`` — the one rebuild decision: NoOp | OwnPages | InPlace | Swap;
* ``fingerprint`` — the one fingerprint function, code versions, stat walks;
* ``memo`` — load → extract → localize per article, cached by content;
* ``store`` — the SQLite article store and the state file: the only pickling;
* ``pool`` — forked workers: the only place processes start;
* ``emit`` — render → write over the pool, swapped in or applied in place;
* ``lock`` — the project lock.

Outside this package, only ``pipeline`` is imported (by ``cli`` and ``serve``).
"""

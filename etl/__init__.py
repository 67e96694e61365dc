"""ETL: data/ → read → validate → normalise → load → the warehouse. ``python -m etl …``.

Layers, each importing only those below it (``core`` under all):
``cli``/``verify`` → ``intake`` (the one door for writes) → ``build`` (the steps) → ``template``
(analyst files) → ``warehouse`` (models, checks, archive).
"""

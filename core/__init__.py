"""The shared core below both sides (``etl`` and ``dashboard``): settings and paths, numbers,
text, regions and levels, problems, labels and the source-text library. It imports neither side."""

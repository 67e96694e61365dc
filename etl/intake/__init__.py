"""Analyst intake: CSV/XLSX files in the template format → validated, previewed, loaded, archived.

read → validate (row) → plan (cross-row, new/changed/unchanged/rejected) → load (one transaction)
→ archive (data/archive/<sha256>.<ext> + batches.jsonl) ; replay (the build) ; service (CLI, page).
See docs/INTAKE.md.
"""

"""Pull the figures out of a report: documents (txt/html/docx/pdf → text) → candidates with exact spans."""

-- Reports whose figures a draft changes: their coverage rows differ between analysts and viewers.
CREATE VIEW published.draft_report AS
SELECT DISTINCT report_id FROM main.fact
WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE state = 'draft')
UNION
SELECT DISTINCT report_id FROM fact_held
WHERE replaced_by IN (SELECT batch_id FROM load_batch WHERE state = 'draft');

-- What a viewer may see, in the schema ``published``: the figures of published batches, and a figure a
-- draft replaced (fact_held) while that draft is unpublished. The dashboard reads this schema for viewers,
-- the big screen and their exports (search_path published, main), so the same views below answer both.
CREATE VIEW published.fact AS
SELECT f.* FROM main.fact f
WHERE f.batch_id NOT IN (SELECT batch_id FROM load_batch WHERE state = 'draft')
UNION ALL
SELECT h.* EXCLUDE (replaced_by) FROM fact_held h
WHERE h.replaced_by IN (SELECT batch_id FROM load_batch WHERE state = 'draft')
  AND h.batch_id NOT IN (SELECT batch_id FROM load_batch WHERE state = 'draft');

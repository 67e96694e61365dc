-- The coverage mart as a viewer sees it: published.v_coverage (over the published figures) stored as a table,
-- refreshed by report like mart_coverage; a publish or unpublish refreshes the reports of its batch.
CREATE OR REPLACE TABLE published.mart_coverage AS
SELECT * FROM published.v_coverage
ORDER BY category, rate_key, region_code, report_id, period;

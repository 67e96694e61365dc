-- The coverage mart as a viewer sees it: the stored mart's rows of reports no draft touches (identical for
-- everyone), and for the few reports a draft touches, v_coverage over the published figures.
CREATE VIEW published.mart_coverage AS
SELECT * FROM main.mart_coverage WHERE report_id NOT IN (SELECT report_id FROM draft_report)
UNION ALL
SELECT * FROM v_coverage WHERE report_id IN (SELECT report_id FROM draft_report);

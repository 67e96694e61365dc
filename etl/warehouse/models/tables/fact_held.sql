-- Figures an add replaced (the analyst accepted a changed value), kept with the batch that replaced them.
-- While that batch is a draft, viewers still see the figure it replaced (models/published/); once it is
-- published they see the new one; unpublished again, the old one is back. Nothing replaced is ever lost.
CREATE TABLE fact_held AS
SELECT *, NULL::INTEGER AS replaced_by FROM fact LIMIT 0;

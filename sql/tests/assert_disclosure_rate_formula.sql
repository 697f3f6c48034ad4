-- The published formula, recomputed from the mart's own counts.
select report_id, disclosure_rate
from {{ ref('mart_agency_year') }}
where (applications_handled > 0
       and abs(disclosure_rate - cast(disclosed + partially_disclosed as double precision) / applications_handled) > 1e-9)
   or (coalesce(applications_handled, 0) = 0 and disclosure_rate is not null)

-- The published formula, recomputed from the mart's own counts.
select report_id, disclosure_rate
from {{ ref('mart_agency_year') }}
where (applications_handled > 0 and (disclosed is not null or partially_disclosed is not null)
       and abs(disclosure_rate - cast(coalesce(disclosed, 0) + coalesce(partially_disclosed, 0) as double precision) / applications_handled) > 1e-9)
   or (coalesce(applications_handled, 0) = 0 and disclosure_rate is not null)

-- mart_agency_year has a row for every current report and nothing else.
select r.report_id
from {{ ref('stg_reports') }} as r
left join {{ ref('mart_agency_year') }} as m on m.report_id = r.report_id
where r.is_current and m.report_id is null
union all
select m.report_id
from {{ ref('mart_agency_year') }} as m
inner join {{ ref('stg_reports') }} as r on r.report_id = m.report_id
where not r.is_current

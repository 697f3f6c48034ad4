-- History is kept, but exactly one version of each placed agency-year is current.
select agency_key, year, count(*) as current_versions
from {{ ref('stg_reports') }}
where agency_key is not null and year is not null
group by agency_key, year
having sum(case when is_current then 1 else 0 end) <> 1

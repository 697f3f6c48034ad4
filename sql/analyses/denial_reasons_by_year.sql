-- Why were applications not granted, year by year? Nationwide ('全国'), or one province with
-- --var region=河南省; from year first_year on.
-- ogi query sql/analyses/denial_reasons_by_year.sql [--var region=河南省] [--var first_year=2021]
select year, category, reason, applications, round(share_of_denials, 3) as share_of_denials
from mart_denial_reasons_by_region
where region = {{ var('region', '全国') }}
  and year >= {{ var('first_year', 0) }}
order by year, applications desc, reason

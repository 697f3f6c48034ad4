-- Which agencies of a province disclosed least (among those with at least min_handled applications handled)?
-- ogi query sql/analyses/lowest_disclosure_rate_in_province.sql --var province=江苏省 [--var min_handled=10] [--var top=10]
select year, agency_name, agency_kind, applications_handled, round(disclosure_rate, 3) as disclosure_rate
from mart_agency_year
where province = {{ var('province', '河南省') }}
  and applications_handled >= {{ var('min_handled', 10) }}
  and disclosure_rate is not null
order by disclosure_rate, agency_name
limit {{ var('top', 10) }}

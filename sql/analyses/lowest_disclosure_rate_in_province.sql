-- Which agencies of a province disclosed least (among those with at least 10 applications handled)?
select year, agency_name, agency_kind, applications_handled, round(disclosure_rate, 3) as disclosure_rate
from mart_agency_year
where province = '河南省' and applications_handled >= 10 and disclosure_rate is not null
order by disclosure_rate, agency_name
limit 10

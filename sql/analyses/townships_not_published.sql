-- Which township governments and sub-district offices of county X did not publish in year Y?
-- county: the county's name as that year's gazetteer spells it (沭阳县) or its 6-digit division
-- code (321322, for names several provinces share such as 鼓楼区). Run with
--   ogi query sql/analyses/townships_not_published.sql --var county=南陵县 --var year=2020
-- or: ogi publishers missing --county 南陵县 --year 2020
select c.year, c.county, c.township, c.township_code, c.agency_name
from mart_coverage as c
where c.level = 'township'
  and c.coverage_status = 'missing'
  and (c.county = cast({{ var('county') }} as varchar) or c.division_code = cast({{ var('county') }} as varchar))
  and c.year = {{ var('year') }}
order by c.township_code

-- Coverage per region and year: of the agencies due (mart_coverage), how many published, how many
-- are missing, and the share that published, by publisher level (province / city / county /
-- township governments, listed publishers, known publishers). Regions: each province, each city,
-- each county-level division; an agency counts in every region it lies in (a township in its
-- county, its city and its province). A city or county whose province is unknown (a name held by
-- several, e.g. 普陀区 of 上海市 and of 舟山市) is no region: it is left out, not merged with its namesakes.
with c as (
    select * from {{ ref('mart_coverage') }}
),

in_region as (
    select 'province' as region_level, province, cast(null as varchar) as city, cast(null as varchar) as county,
           year, level, coverage_status
    from c
    where province is not null

    union all

    select 'city' as region_level, province, city, cast(null as varchar) as county, year, level, coverage_status
    from c
    where city is not null and province is not null

    union all

    select 'county' as region_level, province, city, county, year, level, coverage_status
    from c
    where county is not null and province is not null
)

select
    region_level,
    province,
    city,
    county,
    year,
    level,
    cast(count(*) as integer)                                                      as expected,
    cast(sum(case when coverage_status = 'reported' then 1 else 0 end) as integer) as published,
    cast(sum(case when coverage_status = 'missing' then 1 else 0 end) as integer)  as missing,
    cast(sum(case when coverage_status = 'reported' then 1 else 0 end) as double) / count(*) as coverage_rate
from in_region
group by region_level, province, city, county, year, level

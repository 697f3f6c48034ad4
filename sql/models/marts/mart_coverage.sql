-- Who published and who did not. One row per agency x year it was due:
--   * expected publishers (int_expected_publishers: every government of the gazetteer valid that
--     year, and imported publisher lists) x every year of their province's span in the warehouse;
--   * known publishers (an agency seen in a current report but not expected: departments, offices,
--     unplaced names) x the years from their first to their last report only: a year before an
--     agency's first report is not "missing", a gap between two reports is;
--   * a current report of an expected agency in a year the registry does not list it (a township
--     whose county did not exist yet) is kept as a known publisher's row, so every current report
--     appears exactly once as 'reported'.
with recursive placed as (
    select * from {{ ref('stg_reports') }}
    where is_current
),

expected as (
    select * from {{ ref('int_expected_publishers') }}
),

expected_keys as (
    select distinct agency_id as agency_key from expected
),

years (year) as (
    select min(year) from placed
    union all
    select year + 1 from years where year < (select max(year) from placed)
),

latest as (
    -- a known publisher is named and placed by its most recent current report
    select
        agency_key, agency_name, agency_kind, province, city, county, township, division_code,
        row_number() over (partition by agency_key order by year desc, report_id) as rn
    from placed
),

known_spans as (
    select agency_key, min(year) as first_year, max(year) as last_year
    from placed
    where agency_key not in (select agency_key from expected_keys)
    group by agency_key
),

grid as (
    select
        agency_id      as agency_key,
        agency_name,
        agency_kind,
        level,
        source         as expected_by,
        province,
        city,
        county,
        township,
        division_code,
        township_code,
        parent_code,
        year
    from expected

    union all

    select
        s.agency_key,
        l.agency_name,
        l.agency_kind,
        'known'            as level,
        'known_publisher'  as expected_by,
        l.province,
        l.city,
        l.county,
        l.township,
        l.division_code,
        cast(null as varchar) as township_code,
        cast(null as varchar) as parent_code,
        y.year
    from known_spans as s
    inner join latest as l on l.agency_key = s.agency_key and l.rn = 1
    inner join years as y on y.year between s.first_year and s.last_year

    union all

    select
        p.agency_key,
        p.agency_name,
        p.agency_kind,
        'known'            as level,
        'known_publisher'  as expected_by,
        p.province,
        p.city,
        p.county,
        p.township,
        p.division_code,
        cast(null as varchar) as township_code,
        cast(null as varchar) as parent_code,
        p.year
    from placed as p
    where p.agency_key in (select agency_key from expected_keys)
      and not exists (
          select 1 from expected as e where e.agency_id = p.agency_key and e.year = p.year
      )
)

select
    g.agency_key,
    g.agency_name,
    g.agency_kind,
    g.level,
    g.expected_by,
    nullif(g.province, '')      as province,
    nullif(g.city, '')          as city,
    nullif(g.county, '')        as county,
    nullif(g.township, '')      as township,
    nullif(g.division_code, '') as division_code,
    nullif(g.township_code, '') as township_code,
    nullif(g.parent_code, '')   as parent_code,
    g.year,
    p.report_id,
    case when p.report_id is null then 'missing' else 'reported' end as coverage_status
from grid as g
left join placed as p
    on p.agency_key = g.agency_key
    and p.year = g.year

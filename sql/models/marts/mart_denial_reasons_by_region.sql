-- mart_denial_reasons rolled up per province and year, and for the whole country per year
-- (region_level 'country', region '全国'). NULL province groups as 'unknown'.
with reasons as (
    select * from {{ ref('mart_denial_reasons') }}
),

by_region as (
    select
        'province' as region_level,
        coalesce(province, 'unknown') as region,
        year,
        category,
        reason,
        cast(count(distinct report_id) as integer) as reports,
        cast(sum(applications) as bigint) as applications
    from reasons
    group by coalesce(province, 'unknown'), year, category, reason
    union all
    select
        'country' as region_level,
        '全国' as region,
        year,
        category,
        reason,
        cast(count(distinct report_id) as integer) as reports,
        cast(sum(applications) as bigint) as applications
    from reasons
    group by year, category, reason
)

select
    region_level,
    region,
    year,
    category,
    reason,
    reports,
    applications,
    {{ safe_rate('applications', 'sum(applications) over (partition by region_level, region, year)') }}
        as share_of_denials
from by_region

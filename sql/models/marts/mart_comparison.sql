-- Each current agency-year against its peers, one row per (report, measure, peer group).
-- Peer groups: 'kind' = same year and agency kind; 'province' = same year and province
-- (NULL kind or province, before the agency resolver fills them, groups as 'unknown').
-- A value is ranked only when it is not NULL and its denominator is at least
-- var('min_denominator') (count measures have no denominator and are always ranked).
-- rank_in_peers: 1 = highest value; percentile: PERCENT_RANK ascending (0 lowest, 1 highest);
-- peer_median and peers_ranked count only ranked values.
{%- set measures = [
    ('applications_received', 'null'),
    ('disclosure_rate', 'applications_handled'),
    ('withheld_rate', 'applications_handled'),
    ('unable_rate', 'applications_handled'),
    ('rejected_rate', 'applications_handled'),
    ('other_rate', 'applications_handled'),
    ('backlog_rate', 'applications_received + applications_carried_over'),
    ('legal_person_share', 'applications_received'),
    ('review_correction_rate', 'reviews - reviews_pending'),
    ('litigation_correction_rate', 'lawsuits - lawsuits_pending'),
    ('disputes_per_100_applications', 'applications_received'),
] %}
with agency_year as (
    select * from {{ ref('mart_agency_year') }}
),

measures as (
    {%- for name, denominator in measures %}
    select
        report_id,
        agency_key,
        agency_name,
        year,
        agency_kind,
        province,
        '{{ name }}' as measure,
        cast({{ name }} as double precision) as value,
        cast({{ denominator }} as double precision) as denominator
    from agency_year
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

grouped as (
    select
        measures.*,
        'kind' as peer_group,
        agency_kind as peer_key
    from measures
    union all
    select
        measures.*,
        'province' as peer_group,
        coalesce(province, 'unknown') as peer_key
    from measures
),

flagged as (
    select
        grouped.*,
        (value is not null
         and (denominator is null or denominator >= {{ var('min_denominator') }})) as is_ranked
    from grouped
),

-- rank, percentile and group size from ONE window order (value desc): DuckDB sorts each window
-- order separately; at 100k reports (2.2 M rows) the second sort cost ~50 % more CPU.
-- values_at_least = #{peers >= value} (the default RANGE frame includes ties), so
-- #{peers < value} = group_size - values_at_least and PERCENT_RANK ascending is
-- (group_size - values_at_least) / (group_size - 1), exactly what percent_rank() computes.
ranked as (
    select
        flagged.*,
        rank() over (
            partition by peer_group, peer_key, year, measure, is_ranked order by value desc
        ) as value_rank,
        count(*) over (
            partition by peer_group, peer_key, year, measure, is_ranked order by value desc
        ) as values_at_least,
        count(*) over (
            partition by peer_group, peer_key, year, measure, is_ranked order by value desc
            rows between unbounded preceding and unbounded following
        ) as group_size
    from flagged
),

medians as (
    select
        peer_group,
        peer_key,
        year,
        measure,
        percentile_cont(0.5) within group (order by value) as peer_median,
        cast(count(*) as integer) as peers_ranked
    from flagged
    where is_ranked
    group by peer_group, peer_key, year, measure
)

select
    r.report_id,
    r.agency_key,
    r.agency_name,
    r.year,
    r.agency_kind,
    r.province,
    r.measure,
    r.peer_group,
    r.peer_key,
    r.value,
    r.denominator,
    r.is_ranked,
    cast(case when r.is_ranked then r.value_rank end as integer) as rank_in_peers,
    case
        when not r.is_ranked then null
        when r.group_size = 1 then 0.0
        else cast(r.group_size - r.values_at_least as double precision) / (r.group_size - 1)
    end as percentile,
    cast(coalesce(md.peers_ranked, 0) as integer) as peers_ranked,
    md.peer_median
from ranked as r
left join medians as md
    on md.peer_group = r.peer_group
    and md.peer_key = r.peer_key
    and md.year = r.year
    and md.measure = r.measure

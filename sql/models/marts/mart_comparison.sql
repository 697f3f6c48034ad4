-- Each current agency-year against its peers, one row per (report, measure, peer group).
-- Peer groups (all within one year): 'kind' (agency kind), 'province', 'kind_province' (same kind in
-- the same province) and 'kind_city' (same kind in the same city). A report whose kind, province or
-- city is unknown has no group of that kind: its row stays, with peer_key NULL, unranked.
-- A value is ranked only when (in this order, the first failing rule is the not_ranked_reason):
--   no_value               the measure is NULL (zero or blank denominator, or not printed);
--   no_peer_group          the group's key (kind / province / city) is unknown;
--   below_min_denominator  its denominator is below the measure's minimum
--                          (var('min_denominators')[measure], else var('min_denominator'));
--   identity_failed        an identity of the measure's section failed on this report (the
--                          numbers do not add up, so the rate may be wrong);
--   alone_in_peer_group    no other report of the group passes the rules above.
-- rank_in_peers: 1 = highest value; percentile: PERCENT_RANK ascending (0 lowest, 1 highest);
-- peer_median and peers_ranked count only ranked values.
{%- set measures = [
    ('applications_received', 'null', ['applications']),
    ('disclosure_rate', 'applications_handled', ['applications']),
    ('withheld_rate', 'applications_handled', ['applications']),
    ('unable_rate', 'applications_handled', ['applications']),
    ('rejected_rate', 'applications_handled', ['applications']),
    ('other_rate', 'applications_handled', ['applications']),
    ('backlog_rate', 'applications_received + applications_carried_over', ['applications']),
    ('legal_person_share', 'applications_received', ['applications']),
    ('review_correction_rate', 'reviews - reviews_pending', ['review_litigation']),
    ('litigation_correction_rate', 'lawsuits - lawsuits_pending', ['review_litigation']),
    ('disputes_per_100_applications', 'applications_received', ['applications', 'review_litigation']),
] %}
{%- set minimums = var('min_denominators', {}) %}
with agency_year as (
    select * from {{ ref('mart_agency_year') }}
),

failed_sections as (
    select
        report_id,
        max(case when section = 'applications' then 1 else 0 end)      as applications_failed,
        max(case when section = 'review_litigation' then 1 else 0 end) as review_litigation_failed
    from {{ ref('stg_identity_checks') }}
    where identity_status = 'failed'
    group by report_id
),

measures as (
    {%- for name, denominator, sections in measures %}
    select
        a.report_id,
        a.agency_key,
        a.agency_name,
        a.year,
        a.agency_kind,
        a.province,
        a.city,
        '{{ name }}' as measure,
        cast(a.{{ name }} as double precision) as value,
        cast({{ denominator }} as double precision) as denominator,
        cast({{ minimums.get(name, var('min_denominator')) if denominator != 'null' else 'null' }} as double precision)
            as min_denominator,
        ({% for s in sections %}coalesce(f.{{ s }}_failed, 0) = 1{% if not loop.last %} or {% endif %}{% endfor %})
            as identity_failed
    from agency_year as a
    left join failed_sections as f on f.report_id = a.report_id
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

grouped as (
    select measures.*, 'kind' as peer_group,
           case when agency_kind <> 'unknown' then agency_kind end as peer_key
    from measures
    union all
    select measures.*, 'province' as peer_group, province as peer_key
    from measures
    union all
    select measures.*, 'kind_province' as peer_group,
           case when agency_kind <> 'unknown' and province is not null
                then agency_kind || '|' || province end as peer_key
    from measures
    union all
    select measures.*, 'kind_city' as peer_group,
           case when agency_kind <> 'unknown' and province is not null and city is not null
                then agency_kind || '|' || province || '|' || city end as peer_key
    from measures
),

eligible as (
    select
        grouped.*,
        case
            when value is null then 'no_value'
            when peer_key is null then 'no_peer_group'
            when min_denominator is not null and (denominator is null or denominator < min_denominator)
                then 'below_min_denominator'
            when identity_failed then 'identity_failed'
        end as ineligible_reason
    from grouped
),

-- rank, percentile and group size from ONE window order (value desc), over the eligible rows
-- only (the others are not sorted at all): DuckDB sorts each window order separately; at 100k
-- reports the second sort cost ~50 % more CPU.
-- values_at_least = #{peers >= value} (the default RANGE frame includes ties), so
-- #{peers < value} = group_size - values_at_least and PERCENT_RANK ascending is
-- (group_size - values_at_least) / (group_size - 1), exactly what percent_rank() computes.
ranked as (
    select
        eligible.*,
        rank() over (partition by peer_group, peer_key, year, measure order by value desc) as value_rank,
        count(*) over (partition by peer_group, peer_key, year, measure order by value desc) as values_at_least,
        count(*) over (
            partition by peer_group, peer_key, year, measure order by value desc
            rows between unbounded preceding and unbounded following
        ) as group_size
    from eligible
    where ineligible_reason is null
),

flagged as (
    select
        ranked.*,
        (group_size > 1) as is_ranked,
        case when group_size = 1 then 'alone_in_peer_group' end as not_ranked_reason
    from ranked
    union all
    select
        eligible.*,
        cast(null as bigint) as value_rank,
        cast(null as bigint) as values_at_least,
        cast(null as bigint) as group_size,
        false as is_ranked,
        ineligible_reason as not_ranked_reason
    from eligible
    where ineligible_reason is not null
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
    r.city,
    r.measure,
    r.peer_group,
    r.peer_key,
    r.value,
    r.denominator,
    r.min_denominator,
    r.is_ranked,
    r.not_ranked_reason,
    cast(case when r.is_ranked then r.value_rank end as integer) as rank_in_peers,
    case
        when r.is_ranked then cast(r.group_size - r.values_at_least as double precision) / (r.group_size - 1)
    end as percentile,
    cast(coalesce(md.peers_ranked, 0) as integer) as peers_ranked,
    md.peer_median
from flagged as r
left join medians as md
    on md.peer_group = r.peer_group
    and md.peer_key = r.peer_key
    and md.year = r.year
    and md.measure = r.measure

-- Which agency-years are missing from the series of agencies that did publish, and where does
-- carried_over not match last year's carried_forward? (Governments that never published are in
-- townships_not_published.sql and mart_coverage_by_region.)
-- ogi query sql/analyses/missing_and_broken_chains.sql [--var province=河南省] [--var top=100]
select c.agency_name, c.year, c.coverage_status, q.year_chain_status, q.carried_over, q.prior_year_carried_forward
from mart_coverage as c
left join mart_quality as q on q.report_id = c.report_id
where ((c.coverage_status = 'missing'
        and c.agency_key in (select agency_key from mart_coverage where coverage_status = 'reported'))
       or q.year_chain_status = 'failed')
  and (c.province = {{ var('province', '') }} or {{ var('province', '') }} = '')
order by c.agency_name, c.year
limit {{ var('top', 100) }}

-- Within an agency-year the reason shares add up to 1 whenever any reason is non-zero.
select report_id, sum(share_of_denials) as total_share
from {{ ref('mart_denial_reasons') }}
group by report_id
having sum(applications) > 0 and abs(sum(share_of_denials) - 1) > 1e-9

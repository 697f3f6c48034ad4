-- Small denominators are never ranked; ranks stay within the ranked peer count.
select report_id, measure, peer_group
from {{ ref('mart_comparison') }}
where (rank_in_peers is not null and denominator < {{ var('min_denominator') }})
   or (rank_in_peers is not null and value is null)
   or rank_in_peers > peers_ranked
   or (is_ranked and rank_in_peers is null)

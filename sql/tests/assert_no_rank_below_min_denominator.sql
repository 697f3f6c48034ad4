-- Small denominators, unknown peer groups, failed identities and groups of one are never ranked;
-- ranks stay within the ranked peer count; every unranked row says why.
select report_id, measure, peer_group
from {{ ref('mart_comparison') }}
where (rank_in_peers is not null and denominator < min_denominator)
   or (rank_in_peers is not null and value is null)
   or (is_ranked and peer_key is null)
   or (is_ranked and peers_ranked < 2)
   or rank_in_peers > peers_ranked
   or (is_ranked and rank_in_peers is null)
   or (is_ranked and not_ranked_reason is not null)
   or (not is_ranked and not_ranked_reason is null)

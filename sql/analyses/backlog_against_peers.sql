-- Whose backlog is high among its peers? peer_group: kind (default), province, kind_province or
-- kind_city; only ranked values (enough applications, identities holding, at least two peers).
-- ogi query sql/analyses/backlog_against_peers.sql [--var peer_group=kind_province] [--var year=2024]
select year, peer_key, agency_name, round(value, 3) as backlog_rate, rank_in_peers,
       peers_ranked, round(peer_median, 3) as peer_median
from mart_comparison
where measure = 'backlog_rate' and peer_group = {{ var('peer_group', 'kind') }} and is_ranked
  and (year = {{ var('year', 0) }} or {{ var('year', 0) }} = 0)
order by year, peer_key, rank_in_peers

-- Whose backlog is high for its kind of agency (ranked among peers of the same year and kind)?
select year, peer_key as agency_kind, agency_name, round(value, 3) as backlog_rate, rank_in_peers,
       peers_ranked, round(peer_median, 3) as peer_median
from mart_comparison
where measure = 'backlog_rate' and peer_group = 'kind' and is_ranked
order by year, agency_kind, rank_in_peers

-- The headline figures of the 风险研判 screen, all counted from the warehouse.
-- Grain: one row for the county. Parameters: none.
-- Columns: people_in_zones, shelters, rescue_teams, geohazard_patrollers, reservoir_patrollers,
--   flood_warners, bodies, command_units
SELECT
    (SELECT count(*) FROM transfer_persons) AS people_in_zones,
    (SELECT count(*) FROM shelters) AS shelters,
    (SELECT count(*) FROM rescue_teams) AS rescue_teams,
    r.geohazard_patrollers, r.reservoir_patrollers, r.flood_warners,
    (SELECT count(*) FROM bodies) AS bodies,
    (SELECT count(*) FROM command_units) AS command_units
FROM (  -- one pass for the three patrol roles: a filtered scalar subquery each cost three times as much
    SELECT count(*) FILTER (WHERE role = '地质灾害巡查员') AS geohazard_patrollers,
           count(*) FILTER (WHERE role = '山塘水库巡查员') AS reservoir_patrollers,
           count(*) FILTER (WHERE role = '山洪灾害预警员') AS flood_warners
    FROM responsible_persons
) AS r

-- The 1+5+18 command structure with duty contacts (personal data: mask for viewers).
-- Grain: one row per command unit (county HQ, special HQ, township HQ). Parameters: none.
-- Columns: id, name, tier, parent_id, township_code, township, duty_person, duty_phone
SELECT c.id, c.name, c.tier, c.parent_id, c.township_code, t.name AS township, c.duty_person, c.duty_phone
FROM command_units AS c
LEFT JOIN townships AS t ON t.code = c.township_code
ORDER BY CASE c.tier WHEN 'county' THEN 0 WHEN 'special' THEN 1 ELSE 2 END, c.township_code, c.id

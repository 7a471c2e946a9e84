-- The answer: the lowest CoWoS-L growth from which every decile above has P(bwu >= 1M/quarter) > 90 %
-- (the lower edge of the first such decile); NULL when no decile gets there within the input's range.
-- Run cowos_bins.sql first (it creates the view).
SELECT min(b.growth_lo) AS growth_needed,
       (SELECT max(p_ok) FROM cowos_bins) AS best_p_ok
FROM cowos_bins b
WHERE b.p_ok > 0.9
  AND NOT EXISTS (SELECT 1 FROM cowos_bins c WHERE c.decile > b.decile AND c.p_ok <= 0.9);

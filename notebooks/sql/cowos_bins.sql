-- 'What CoWoS-L growth do we need for P(bwu >= 1M/quarter) > 90 %?'
-- bwu = blackwell-ultra-class; ">= 1M per quarter" is read as its good packages over the horizon, averaged per
-- quarter, at least 1,000,000 (horizon total >= 1M x the number of quarters). Samples are cut into ten equal groups
-- (deciles) of the input cowos_l.growth; each group gets P(ok) and its growth range.
CREATE OR REPLACE TEMP VIEW cowos_bins AS
WITH bwu AS (
    SELECT sample_id, avg(good) AS per_quarter
    FROM read_parquet('{run}/samples/*.parquet')
    WHERE product = 'blackwell-ultra-class'
    GROUP BY sample_id
),
joined AS (
    SELECT i."cowos_l.growth" AS growth, b.per_quarter,
           ntile(10) OVER (ORDER BY i."cowos_l.growth", sample_id) AS decile
    FROM bwu b JOIN read_parquet('{run}/inputs/*.parquet') i USING (sample_id)
)
SELECT decile, min(growth) AS growth_lo, max(growth) AS growth_hi, count(*) AS samples,
       avg(CASE WHEN per_quarter >= 1e6 THEN 1.0 ELSE 0.0 END) AS p_ok
FROM joined
GROUP BY decile
ORDER BY decile;

SELECT * FROM cowos_bins ORDER BY decile;

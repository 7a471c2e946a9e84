-- Tornado: Spearman rank correlation of every input with the total good packages of all products over the
-- horizon, per sample (needs a run made with --write-samples). Ties get the average of their ranks.
WITH totals AS (
    SELECT sample_id, sum(good) AS total
    FROM read_parquet('{run}/samples/*.parquet')
    GROUP BY sample_id
),
long AS (
    UNPIVOT (SELECT * FROM read_parquet('{run}/inputs/*.parquet'))
    ON COLUMNS(* EXCLUDE (sample_id)) INTO NAME input VALUE value
),
ranked AS (
    SELECT l.input,
           rank() OVER (PARTITION BY l.input ORDER BY l.value)
               + (count(*) OVER (PARTITION BY l.input, l.value) - 1) / 2.0 AS rx,
           rank() OVER (PARTITION BY l.input ORDER BY t.total)
               + (count(*) OVER (PARTITION BY l.input, t.total) - 1) / 2.0 AS ry
    FROM long l JOIN totals t USING (sample_id)
)
SELECT input, corr(rx, ry) AS spearman
FROM ranked
GROUP BY input
HAVING corr(rx, ry) IS NOT NULL AND NOT isnan(corr(rx, ry))
ORDER BY abs(spearman) DESC, input
LIMIT 15;

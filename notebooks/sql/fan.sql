-- Fan chart: quantiles of good packages per product (and 'all') and quarter, with the target.
-- {run} is the run directory.
SELECT product, period, p05, p25, p50, p75, p95, target
FROM read_parquet('{run}/summary.parquet')
WHERE metric = 'good' AND span = 'period'
ORDER BY product, period;

-- Directory syncs of every messenger keep their runs in one table (WeCom's history carries over).
ALTER TABLE wecom_sync_runs RENAME TO directory_sync_runs;
ALTER INDEX wecom_sync_runs_plant RENAME TO directory_sync_runs_plant;
ALTER TABLE directory_sync_runs ADD COLUMN platform text NOT NULL DEFAULT 'wecom';
ALTER TABLE directory_sync_runs ALTER COLUMN platform DROP DEFAULT;

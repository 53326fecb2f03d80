-- Run by the postgres image on its first start (empty volume) only.
-- The app's read model gets its own database; Temporal's auto-setup creates `temporal` and
-- `temporal_visibility` itself. \gexec keeps this harmless if POSTGRES_DB or POSTGRES_USER is `mandates`.
SELECT 'CREATE DATABASE mandates'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mandates')\gexec

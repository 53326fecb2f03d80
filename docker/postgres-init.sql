-- The application's own role and database, created once by the PostgreSQL superuser: by the postgres image on its
-- first start (an empty volume; docker-compose.yml), or by hand with psql 15 or newer against any other server:
--   MANDATES_DB_USER=mandates_app MANDATES_DB_PASSWORD='…' psql -v ON_ERROR_STOP=1 -d postgres -f docker/postgres-init.sql
-- Running it again changes the role's password to MANDATES_DB_PASSWORD (a rotation) and nothing else.
-- Temporal's databases (temporal, temporal_visibility) are the schema job's: docker/temporal-schema.sh.
\getenv app_user MANDATES_DB_USER
\getenv app_password MANDATES_DB_PASSWORD
\getenv app_database MANDATES_DB_NAME
\if :{?app_user}
\else
  \set app_user mandates_app
\endif
\if :{?app_database}
\else
  \set app_database mandates
\endif
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'MANDATES_DB_PASSWORD must be set: the application''s role gets no default password'; END $$;
\endif

-- A login role with no other rights: not a superuser, cannot create roles or databases.
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user')\gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'app_user', :'app_password')\gexec

-- It owns the read model's database (its migrations create the tables); nobody else may connect to it.
SELECT format('CREATE DATABASE %I OWNER %I', :'app_database', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_database')\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'app_database')\gexec

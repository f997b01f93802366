-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d),
-- as the superuser from POSTGRES_USER.
-- Temporal gets its own non-superuser role: CREATEDB lets temporal-sql-tool create
-- the temporal and temporal_visibility databases, which it then owns, and nothing
-- else on the server (in particular not the app's `onboarding` database).
CREATE ROLE temporal WITH LOGIN CREATEDB PASSWORD 'temporal';

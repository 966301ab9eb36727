-- Keys made before scopes existed could call every route their role allowed: keep that,
-- by giving each of them every scope (domain/api-scopes.ts API_SCOPES at the time of this
-- migration). Keys made from now on carry only the scopes their creator chose.
UPDATE "api_keys"
SET "scopes" = ARRAY['accounts:read','accounts:write','campaigns:read','campaigns:write','calls:read','calls:write','reports:read','reports:write','organization:read','organization:write','payments','admin']::text[]
WHERE "scopes" = '{}'::text[];

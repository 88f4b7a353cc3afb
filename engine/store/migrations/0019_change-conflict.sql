-- A change written without a lock (engine/service/optimistic-change.ts) finds the instance
-- and the task it completes as it read them, or fails as a whole: its statement calls this
-- when either has moved, and the engine then runs the change again under a lock.
-- SQLSTATE ZB409 ("change conflict") is the engine's own; nobody sees it.
CREATE OR REPLACE FUNCTION zb_change_conflict() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'the instance or its task changed since the change read them'
    USING ERRCODE = 'ZB409';
END
$$;

-- What every mutable table shares: updated_at kept by the database, and a
-- version number bumped on every update, which repositories compare to refuse
-- lost updates (UPDATE ... WHERE id = $1 AND version = $2). A trigger rather
-- than repository code, so a hand-written UPDATE bumps it too.
CREATE FUNCTION platform_touch_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION platform_touch_row() IS 'BEFORE UPDATE trigger: sets updated_at and bumps version (optimistic concurrency).';

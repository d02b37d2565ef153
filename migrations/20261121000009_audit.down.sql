DROP TABLE audit_logs;
DROP FUNCTION audit_logs_append_only();

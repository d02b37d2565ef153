DROP TABLE sync_logs;
DROP TABLE sync_status;
DROP TABLE workspace_integrations;
DROP TABLE external_connections;
DROP TABLE integration_configs;

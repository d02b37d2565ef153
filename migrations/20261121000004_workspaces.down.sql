DROP TABLE phases;
DROP TABLE workflows;
DROP TABLE agents;
DROP TABLE workspace_settings;
DROP TABLE workspace_configs;
DROP TABLE workspace_members;
DROP TABLE workspaces;

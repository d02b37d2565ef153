DROP TABLE activities;
DROP TABLE repositories;
DROP TABLE organizations;

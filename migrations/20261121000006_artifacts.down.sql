DROP TABLE artifact_versions;
DROP TABLE artifacts;

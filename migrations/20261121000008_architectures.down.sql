DROP TABLE architecture_changes;
DROP TABLE architectures;

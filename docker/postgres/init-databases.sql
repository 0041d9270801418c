-- One database per service, owned by the hub's role (created by the postgres image from POSTGRES_USER).
CREATE DATABASE participation OWNER regiohub;
CREATE DATABASE mobility OWNER regiohub;
CREATE DATABASE funding OWNER regiohub;
CREATE DATABASE identity OWNER regiohub;

// Integration suites talk to real MariaDB, Redis, NATS and an S3-compatible server.
jest.setTimeout(30_000);

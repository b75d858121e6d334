/** Injection token for osquery-ingest's settings (see config/osquery-ingest.config.ts). */
export const OSQUERY_INGEST_SETTINGS = Symbol.for('flotilla.osquery-ingest.settings');

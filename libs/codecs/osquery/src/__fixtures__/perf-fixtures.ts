// Test-only: loads the rendered osquery-perf templates (see SOURCES.md). Never imported by the codec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOsqueryCodecError, OsqueryCodecError } from '../osquery.errors';

/** The four rendered fleetdm/fleet cmd/osquery-perf templates. */
export const PERF_HOSTS = ['ubuntu_22.04', 'macos_14.1.2', 'windows_11', 'rhel_9'] as const;
export type PerfHost = (typeof PERF_HOSTS)[number];

export interface PerfFixture {
  source: string;
  substitutions: Record<string, string | boolean>;
  enroll: Record<string, unknown> & { host_details: Record<string, Record<string, string>> };
  detail_queries: Record<string, Array<Record<string, string>>>;
  label_queries: Record<string, Array<Record<string, string>>>;
  disk_encryption_key_darwin_if_branch_verbatim?: string;
}

export function loadPerfFixture(host: PerfHost): PerfFixture {
  return JSON.parse(readFileSync(join(__dirname, `${host}.json`), 'utf8')) as PerfFixture;
}

export function loadJsonFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(__dirname, file), 'utf8')) as T;
}

/** Runs `fn`, which must throw this codec's CodecError; returns it for code/message checks. */
export function thrown(fn: () => unknown): OsqueryCodecError {
  try {
    fn();
  } catch (err) {
    if (isOsqueryCodecError(err)) return err;
    throw err;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}

import type { HostIdentity } from './agent-sim.types';
import { SimRandom } from './sim-random';

export interface HostIdentityOptions {
  /** Probability that the host reports osquery's default serial "-1" through `{{ .GetSerialNumber }}`. Default 0.05. */
  defaultSerialProb?: number;
  /** Probability that the macOS FileVault escrow answer is present. Default 0.5 (osquery-perf). */
  diskEncryptionProb?: number;
}

const HOSTNAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/**
 * The identity of host `index` in a fleet seeded with `seed`: same inputs, same host —
 * so a re-run re-enrolls the same UUIDs/serials. Hostnames are 12 random characters,
 * like osquery-perf's `CachedString "hostname"` (restricted to DNS-safe characters).
 */
export function deriveHostIdentity(seed: string | number, index: number, opts: HostIdentityOptions = {}): HostIdentity {
  const random = new SimRandom('agent-sim-identity', seed, index);
  const uuid = random.uuid();
  const hostname = random.string(12, HOSTNAME_ALPHABET);
  const serialNumber = random.string(12, SERIAL_ALPHABET);
  const reportsDefaultSerial = random.chance(opts.defaultSerialProb ?? 0.05);
  const diskEncryptionEnabled = random.chance(opts.diskEncryptionProb ?? 0.5);
  return {
    index,
    uuid,
    hostname,
    serialNumber,
    reportedSerialNumber: reportsDefaultSerial ? '-1' : serialNumber,
    diskEncryptionEnabled,
  };
}

// Test support only (not exported from the package): reads the captured fixtures of this codec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '__fixtures__', 'fleet-windows');

/** A fixture file as UTF-8 text, byte-exact (CRLF and leading whitespace kept). */
export function fixtureText(relativePath: string): string {
  return readFileSync(join(ROOT, relativePath), 'utf8');
}

/** A fixture file as bytes. */
export function fixtureBytes(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(join(ROOT, relativePath)));
}

/** A split capture message under messages/. */
export function capture(name: string): string {
  return fixtureText(`messages/${name}`);
}

/** A PoC SyncML command sample under tools/…/sample_syncml_commands/. */
export function sampleCommand(name: string): string {
  return fixtureText(`tools/mdm/windows/poc-mdm-server/sample_syncml_commands/${name}`);
}

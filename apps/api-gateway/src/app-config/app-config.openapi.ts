import { z } from 'zod';
import { appConfigPatchSchema, appConfigSettingsSchema } from './app-config.schema';

function openApiOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

const section = (description: string) => ({ type: 'object', description });
const settable = Object.fromEntries(
  Object.keys(appConfigSettingsSchema.shape).map((key) => [key, key === 'scripts' ? { type: 'array', items: { type: 'string' } } : section('settable: see the PATCH body for its keys')]),
);
const computed = (description: string) => ({ ...section(description), readOnly: true });

/**
 * GET/PATCH /config response: the effective settings plus the computed sections. Kept to the
 * top-level keys (every key of each section is always present); the PATCH body schema details them.
 */
export const APP_CONFIG_SCHEMA = {
  type: 'object',
  properties: {
    ...settable,
    license: computed('always Fleet’s free tier'),
    logging: computed('where osquery result/status logs and the audit log go'),
    update_interval: computed('detail and policy query intervals (nanoseconds)'),
    vulnerabilities: computed('vulnerability processing settings of the vuln service'),
    conditional_access: computed('conditional access integrations (not available)'),
  },
  required: [...Object.keys(appConfigSettingsSchema.shape), 'license', 'logging', 'update_interval', 'vulnerabilities', 'conditional_access'],
};

/** PATCH /config body: any subset of the settings; unknown keys are refused at every depth. */
export const APP_CONFIG_PATCH_SCHEMA = openApiOf(appConfigPatchSchema, 'input');

export const VERSION_SCHEMA = {
  type: 'object',
  required: ['version', 'branch', 'revision', 'go_version', 'build_date', 'build_user'],
  properties: {
    version: { type: 'string', example: '0.1.0' },
    branch: { type: 'string' },
    revision: { type: 'string' },
    go_version: { type: 'string', description: 'the server runtime (`node 22.…`); Fleet reports its Go version here' },
    build_date: { type: 'string' },
    build_user: { type: 'string' },
  },
};

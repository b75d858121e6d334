import { ENROLL_SECRETS_REPLACE } from '@flotilla/contracts';
import { z } from 'zod';
import { lastValue } from '../common/zod-details';

const replaceLimits = ENROLL_SECRETS_REPLACE.request.shape.secrets;

/** A list of `{"secret": "..."}` (Fleet's shape): at most 50, non-empty, no duplicates. */
export const enrollSecretListSchema = z
  .array(z.strictObject({ secret: z.string().min(1, { message: 'secret must not be empty' }).max(255, { message: 'secret must be at most 255 characters' }) }), {
    message: 'expected a list of {"secret": "..."}',
  })
  .max(50, { message: 'at most 50 enroll secrets' })
  .superRefine((secrets, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of secrets.entries()) {
      if (seen.has(s.secret)) ctx.addIssue({ code: 'custom', path: [i, 'secret'], message: 'duplicate secret' });
      seen.add(s.secret);
    }
  });

/** `POST /spec/enroll_secret` body: `{"spec": {"secrets": [{"secret": "..."}]}}` (Fleet's EnrollSecretSpec). */
export const enrollSecretSpecBodySchema = z.object({
  spec: z.object({ secrets: enrollSecretListSchema }, { message: 'spec is required' }),
});

/** The secrets as the owner's contract takes them (checked against the same schema before sending). */
export function secretsOf(body: z.output<typeof enrollSecretSpecBodySchema>): string[] {
  return replaceLimits.parse(body.spec.secrets.map((s) => s.secret));
}

const boolParam = z.preprocess(
  (v) => lastValue(v) ?? 'false',
  z.enum(['true', 'false', '1', '0', ''], { message: 'dry_run must be true or false' }).transform((v) => v === 'true' || v === '1' || v === ''),
);

/** `?dry_run=true` validates the spec without applying it. */
export const enrollSecretSpecQuerySchema = z.object({ dry_run: boolParam });

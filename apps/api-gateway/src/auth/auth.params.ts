import { z } from 'zod';

/** Small JSON bodies of the login and password routes are capped at this size. */
export const AUTH_BODY_LIMIT = 16 * 1024;

const email = z.string().trim().max(255).pipe(z.email({ message: 'must be an email address' }));
const password = z.string().min(1, { message: 'is required' }).max(1024);

export const loginBodySchema = z.strictObject({ email, password });

export const changePasswordBodySchema = z.strictObject({ old_password: password, new_password: password });

export const forgotPasswordBodySchema = z.strictObject({ email });

export const resetPasswordBodySchema = z
  .strictObject({ new_password: password, new_password_confirmation: password.optional(), password_reset_token: z.string().min(1).max(256) })
  .refine((b) => b.new_password_confirmation === undefined || b.new_password_confirmation === b.new_password, {
    message: 'does not match new_password',
    path: ['new_password_confirmation'],
  });

export const performRequiredResetBodySchema = z.strictObject({ new_password: password });

/** `POST /api/v1/setup` (Fleet's shape). */
export const setupBodySchema = z.strictObject({
  admin: z
    .strictObject({
      admin: z.boolean().optional(),
      email,
      name: z.string().trim().min(1).max(255),
      password,
      password_confirmation: password.optional(),
    })
    .refine((a) => a.password_confirmation === undefined || a.password_confirmation === a.password, { message: 'does not match password', path: ['password_confirmation'] }),
  org_info: z.strictObject({ org_name: z.string().trim().min(1).max(255), org_logo_url: z.string().max(2048).optional() }),
  server_url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048),
});

export const positiveIdSchema = z.string().regex(/^[1-9]\d{0,9}$/, { message: 'must be a positive integer' }).transform(Number);

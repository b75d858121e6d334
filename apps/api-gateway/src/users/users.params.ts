import { ROLES } from '@flotilla/domain';
import { z } from 'zod';
import { paginationQuery, positiveInt, queryParam } from '../common/query-params';

const role = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });
const email = z.string().trim().max(255).pipe(z.email({ message: 'must be an email address' }));
const name = z.string().trim().min(1, { message: 'is required' }).max(255);
const password = z.string().min(1).max(1024);
const teamRoles = z.array(z.strictObject({ id: z.number().int().positive(), role })).max(1_000);

/** A path id. */
export const idParamSchema = positiveInt('id');

export const USER_ORDER_KEYS = ['id', 'name', 'email', 'created_at', 'updated_at'] as const;

/** `GET /users`. */
export const userListQuerySchema = z.object({
  ...paginationQuery(USER_ORDER_KEYS),
  query: queryParam(z.string().max(255)),
  team_id: queryParam(positiveInt('team_id')),
});

/** The roles part of a create/invite body: a global role or team roles, not both. */
const rolesShape = { global_role: role.nullable().optional(), teams: teamRoles.optional() };
const NOT_BOTH = { message: 'give either global_role or teams, not both', path: ['global_role'] };
const notBoth = (b: { global_role?: unknown; teams?: unknown[] | undefined }): boolean => !(b.global_role && b.teams && b.teams.length > 0);

/** `POST /users/admin`. */
export const createUserBodySchema = z
  .strictObject({
    ...rolesShape,
    name,
    email,
    password: password.optional(),
    position: z.string().max(255).optional(),
    sso_enabled: z.boolean().optional(),
    mfa_enabled: z.boolean().optional(),
    api_only: z.boolean().optional(),
    admin_forced_password_reset: z.boolean().optional(),
  })
  .refine(notBoth, NOT_BOTH);

/** `POST /users` (accept an invite). */
export const createFromInviteBodySchema = z
  .strictObject({
    email,
    invite_token: z.string().min(1).max(256),
    name,
    password,
    password_confirmation: password.optional(),
    position: z.string().max(255).optional(),
  })
  .refine((b) => b.password_confirmation === undefined || b.password_confirmation === b.password, { message: 'does not match password', path: ['password_confirmation'] });

/** `PATCH /users/:id`. `password` is the caller's current one (needed to change one's own email or password). */
export const modifyUserBodySchema = z
  .strictObject({
    name: name.optional(),
    email: email.optional(),
    position: z.string().max(255).optional(),
    global_role: role.nullable().optional(),
    teams: teamRoles.optional(),
    sso_enabled: z.boolean().optional(),
    mfa_enabled: z.boolean().optional(),
    password: password.optional(),
    new_password: password.optional(),
    settings: z.strictObject({ hidden_host_columns: z.array(z.string().max(255)).max(200) }).optional(),
  })
  .refine(notBoth, NOT_BOTH);

/** `POST /users/:id/require_password_reset`. */
export const requireResetBodySchema = z.strictObject({ require: z.boolean() });

/** `POST /invites` and `PATCH /invites/:id`. */
export const inviteBodySchema = z
  .strictObject({
    ...rolesShape,
    email,
    name: z.string().trim().max(255).optional(),
    position: z.string().max(255).optional(),
    sso_enabled: z.boolean().optional(),
    mfa_enabled: z.boolean().optional(),
  })
  .refine(notBoth, NOT_BOTH);
export const modifyInviteBodySchema = z.strictObject({
  email: email.optional(),
  name: z.string().trim().max(255).optional(),
  position: z.string().max(255).optional(),
  sso_enabled: z.boolean().optional(),
  mfa_enabled: z.boolean().optional(),
  ...rolesShape,
  })
  .refine(notBoth, NOT_BOTH);

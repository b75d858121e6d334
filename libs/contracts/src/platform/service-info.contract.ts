import { SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import { z } from 'zod';
import { defineRequest, RequestContract } from '../contract';

export const serviceInfoRequestSchema = z.object({}).strict();

export const dependencyHealthSchema = z.object({
  name: z.string(),
  kind: z.string(),
  status: z.enum(['up', 'down', 'starting']),
  detail: z.string().optional(),
});

export const serviceInfoReplySchema = z.object({
  service: z.enum(SERVICE_NAMES),
  version: z.string(),
  instance: z.string(),
  mode: z.enum(['standalone', 'distributed']),
  uptimeSeconds: z.number().nonnegative(),
  dependencies: z.array(dependencyHealthSchema),
});

export type ServiceInfoReply = z.infer<typeof serviceInfoReplySchema>;
export type ServiceInfoContract = RequestContract<typeof serviceInfoRequestSchema, typeof serviceInfoReplySchema>;

/** `<service>.service.info.v1`: every service answers with its version, uptime and dependency health. */
export const SERVICE_INFO: Readonly<Record<ServiceName, ServiceInfoContract>> = Object.fromEntries(
  SERVICE_NAMES.map((s) => [s, defineRequest(`${s}.service.info.v1`, serviceInfoRequestSchema, serviceInfoReplySchema)]),
) as Record<ServiceName, ServiceInfoContract>;

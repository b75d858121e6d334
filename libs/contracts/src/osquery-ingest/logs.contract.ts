import { z } from 'zod';
import { defineStream } from '../contract';

/**
 * osquery result and status log lines as received on `/api/osquery/log`, one message per
 * chunk of a request (chunks keep each message under the broker's payload limit). Durable:
 * `/log` answers 200 only after every chunk is stored. Consumed by log destinations (log-shipper) and query reports.
 */
export const OSQUERY_LOGS = defineStream(
  'OSQUERY_LOGS',
  'osquery-ingest.log.submitted.v1',
  z.object({
    hostId: z.number().int().positive(),
    hostIdentifier: z.string(),
    logType: z.enum(['result', 'status']),
    /**
     * Content hash of the chunk (also its stream msgId): the same lines resent by osquery get the
     * same id, so `<batchId>:<line index>` is a stable dedupe key for every delivered line.
     */
    batchId: z.string().min(1),
    receivedAt: z.string(),
    lines: z.array(z.unknown()),
  }),
  { maxAgeMs: 7 * 24 * 60 * 60 * 1000 },
);

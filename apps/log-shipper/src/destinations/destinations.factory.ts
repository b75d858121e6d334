import type { Logger } from '@flotilla/platform-logging';
import type { LogDestinationName, LogShipperSettings } from '../config/log-shipper.config';
import { FilesystemDestination } from './filesystem.destination';
import { FirehoseDestination } from './firehose.destination';
import { KafkaRestDestination } from './kafkarest.destination';
import type { LogDestination } from './log-destination';
import { NatsDestination } from './nats.destination';
import { S3Destination } from './s3.destination';
import { StdoutDestination } from './stdout.destination';
import { WebhookDestination } from './webhook.destination';

/**
 * One destination object per destination named in OSQUERY_RESULT_LOG_PLUGIN or
 * OSQUERY_STATUS_LOG_PLUGIN. The config check has made sure each has the keys it needs.
 */
export function createDestination(name: LogDestinationName, settings: LogShipperSettings, logger: Logger): LogDestination {
  const missing = (key: string): never => {
    throw new Error(`${key} is required for the ${name} log destination`);
  };
  switch (name) {
    case 'filesystem':
      return new FilesystemDestination(settings.filesystem, logger);
    case 'webhook':
      return new WebhookDestination(settings.webhook.urls);
    case 's3':
      return new S3Destination(settings.s3);
    case 'nats':
      return new NatsDestination(settings.nats.url ?? missing('NATS_URL'), settings.nats.subjects);
    case 'kafkarest':
      return new KafkaRestDestination(settings.kafkarest.proxyUrl ?? missing('KAFKAREST_PROXY_URL'), settings.kafkarest.topics);
    case 'firehose':
      return new FirehoseDestination(settings.firehose);
    case 'stdout':
      return new StdoutDestination();
  }
}

import type { Type } from '@nestjs/common';
import { ApiGatewayModule } from '@flotilla/app-api-gateway';
import { LiveQueryModule } from '@flotilla/app-live-query';
import { LogShipperModule } from '@flotilla/app-log-shipper';
import { MdmAndroidModule } from '@flotilla/app-mdm-android';
import { MdmAppleModule } from '@flotilla/app-mdm-apple';
import { MdmWindowsModule } from '@flotilla/app-mdm-windows';
import { OsqueryIngestModule } from '@flotilla/app-osquery-ingest';
import { ScepProxyModule } from '@flotilla/app-scep-proxy';
import { VppSyncModule } from '@flotilla/app-vpp-sync';
import { VulnModule } from '@flotilla/app-vuln';
import type { ServiceName } from '@flotilla/domain';

/** Every service's root module, hosted together in the standalone process. */
export const STANDALONE_MODULES: Readonly<Record<ServiceName, Type>> = {
  'api-gateway': ApiGatewayModule,
  'osquery-ingest': OsqueryIngestModule,
  'live-query': LiveQueryModule,
  'mdm-apple': MdmAppleModule,
  'mdm-windows': MdmWindowsModule,
  'mdm-android': MdmAndroidModule,
  'scep-proxy': ScepProxyModule,
  'vpp-sync': VppSyncModule,
  vuln: VulnModule,
  'log-shipper': LogShipperModule,
};

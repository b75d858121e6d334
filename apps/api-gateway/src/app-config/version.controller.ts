import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FLOTILLA_VERSION } from '@flotilla/domain';
import { Authorize } from '../authz/authorize.decorator';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { VERSION_SCHEMA } from './app-config.openapi';

/** Fleet's `GET /version` body. */
export interface FleetVersion {
  version: string;
  branch: string;
  revision: string;
  go_version: string;
  build_date: string;
  build_user: string;
}

/**
 * The server's version, in Fleet's shape. Flotilla is not built from a Go toolchain: `go_version`
 * names the runtime it does run on (`node 22.…`), which is what clients showing that field
 * (fleetctl, the UI's "about" panel) mean by it; the build fields are `unknown` because releases
 * do not stamp them yet.
 */
@ApiTags('config')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/version', 'api/latest/fleet/version'])
export class VersionController {
  private readonly version: FleetVersion = {
    version: FLOTILLA_VERSION,
    branch: 'unknown',
    revision: 'unknown',
    go_version: `node ${process.versions.node}`,
    build_date: 'unknown',
    build_user: 'unknown',
  };

  @Get()
  @Authorize('config.read')
  @ApiOperation({ summary: 'Get the server version' })
  @ApiResponse({ status: 200, schema: VERSION_SCHEMA })
  get(): FleetVersion {
    return { ...this.version };
  }
}

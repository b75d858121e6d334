import { compact, type DepBody, type DepDecodeOptions, DepFields, parseDepBody } from './dep-json.reader';
import type { DepAccount, DepAccountUrl } from './dep.types';

function accountUrl(fields: DepFields): DepAccountUrl {
  const limitJson = fields.optionalObject('limit');
  const limit = limitJson === undefined ? undefined : fields.wrap(limitJson, `${fields.path}.limit`);
  return compact({
    uri: fields.requiredString('uri'),
    httpMethods: fields.optionalStringArray('http_method') ?? [],
    limit: limit && compact({ default: limit.optionalInteger('default'), maximum: limit.optionalInteger('maximum') }),
  });
}

/**
 * Decodes a `GET /account` answer. Requires server_name, server_uuid and org_name
 * ('missing_field'); the other fields are optional; extra fields are kept in `raw` only.
 */
export function decodeAccountResponse(body: DepBody, options?: DepDecodeOptions): DepAccount {
  const json = parseDepBody(body, 'account response', options);
  const f = new DepFields(json, '');
  return compact({
    serverName: f.requiredString('server_name'),
    serverUuid: f.requiredString('server_uuid'),
    orgName: f.requiredString('org_name'),
    adminId: f.optionalString('admin_id'),
    facilitatorId: f.optionalString('facilitator_id'),
    orgEmail: f.optionalString('org_email'),
    orgPhone: f.optionalString('org_phone'),
    orgAddress: f.optionalString('org_address'),
    orgId: f.optionalString('org_id'),
    orgIdHash: f.optionalString('org_id_hash'),
    orgType: f.optionalString('org_type'),
    orgVersion: f.optionalString('org_version'),
    urls: (f.optionalObjectArray('urls') ?? []).map(accountUrl),
    raw: json,
  });
}

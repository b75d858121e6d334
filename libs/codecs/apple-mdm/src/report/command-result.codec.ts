import { readMapped, writeMapped, type AnyFieldMap } from '../plist/plist-field.mapping';
import { PlistFieldReader } from '../plist/plist-field.reader';
import type { PlistDict } from '../plist/plist.types';
import type { CommandResult, CommandResultInput } from './command-report.types';
import {
  CERTIFICATE_LIST_FIELDS,
  DEVICE_INFORMATION_FIELDS,
  INSTALLED_APPLICATION_FIELDS,
  INSTALLED_PROFILE_FIELDS,
  RESULT_KEYS,
  SECURITY_INFO_FIELDS,
} from './command-result.mapping';

/** The typed result a report carries, found by its result key (first match in RESULT_KEYS order). */
export function readCommandResult(report: PlistFieldReader): CommandResult | undefined {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(report.dict, key);
  if (has(RESULT_KEYS.DeviceInformation)) {
    const queryResponses = report.dictionary(RESULT_KEYS.DeviceInformation);
    const info = readMapped(new PlistFieldReader(queryResponses, 'report.QueryResponses'), DEVICE_INFORMATION_FIELDS);
    return { requestType: 'DeviceInformation', queryResponses, info };
  }
  if (has(RESULT_KEYS.InstalledApplicationList)) {
    const applications = items(report, RESULT_KEYS.InstalledApplicationList).map((r) => ({
      ...readMapped(r, INSTALLED_APPLICATION_FIELDS),
      raw: r.dict,
    }));
    return { requestType: 'InstalledApplicationList', applications };
  }
  if (has(RESULT_KEYS.ProfileList)) {
    const profiles = items(report, RESULT_KEYS.ProfileList).map((r) => ({ ...readMapped(r, INSTALLED_PROFILE_FIELDS), raw: r.dict }));
    return { requestType: 'ProfileList', profiles };
  }
  if (has(RESULT_KEYS.SecurityInfo)) {
    const securityInfo = report.dictionary(RESULT_KEYS.SecurityInfo);
    const info = readMapped(new PlistFieldReader(securityInfo, 'report.SecurityInfo'), SECURITY_INFO_FIELDS);
    return { requestType: 'SecurityInfo', securityInfo, info };
  }
  if (has(RESULT_KEYS.CertificateList)) {
    const certificates = items(report, RESULT_KEYS.CertificateList).map((r) => ({ ...readMapped(r, CERTIFICATE_LIST_FIELDS), raw: r.dict }));
    return { requestType: 'CertificateList', certificates };
  }
  return undefined;
}

/** Writes a typed result into a report dict (typed fields override the raw dicts they came with). */
export function writeCommandResult(dict: PlistDict, result: CommandResultInput): void {
  switch (result.requestType) {
    case 'DeviceInformation':
      dict[RESULT_KEYS.DeviceInformation] = merged(result.queryResponses, result.info, DEVICE_INFORMATION_FIELDS);
      return;
    case 'InstalledApplicationList':
      dict[RESULT_KEYS.InstalledApplicationList] = result.applications.map((a) => merged(a.raw, a, INSTALLED_APPLICATION_FIELDS));
      return;
    case 'ProfileList':
      dict[RESULT_KEYS.ProfileList] = result.profiles.map((p) => merged(p.raw, p, INSTALLED_PROFILE_FIELDS));
      return;
    case 'SecurityInfo':
      dict[RESULT_KEYS.SecurityInfo] = merged(result.securityInfo, result.info, SECURITY_INFO_FIELDS);
      return;
    case 'CertificateList':
      dict[RESULT_KEYS.CertificateList] = result.certificates.map((c) => merged(c.raw, c, CERTIFICATE_LIST_FIELDS));
      return;
  }
}

function items(report: PlistFieldReader, key: string): PlistFieldReader[] {
  return report.optDictArray(key) ?? report.missing(key);
}

function merged(raw: PlistDict | undefined, typed: object, map: AnyFieldMap): PlistDict {
  const out: PlistDict = { ...(raw ?? {}) };
  writeMapped(out, typed, map);
  return out;
}

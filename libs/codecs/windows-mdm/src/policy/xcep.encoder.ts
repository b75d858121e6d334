import { encodeSoapResponse } from '../soap/soap-envelope.encoder';
import { ACTION, NS } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import { el, textEl } from '../xml/xml.writer';
import type { GetPoliciesResponseInput } from './xcep.types';

const NIL = { 'xsi:nil': 'true' } as const;
const nil = (name: string): string => el(name, NIL);

/** OID table entries: SHA-256 (referenced as hash algorithm 0) and RSA (key algorithm 1), as Fleet sends them. */
const OIDS = [
  { value: '2.16.840.1.101.3.4.2.1', group: '4', referenceId: '0', defaultName: 'szOID_NIST_sha256' },
  { value: '1.2.840.113549.1.1.1', group: '3', referenceId: '1', defaultName: 'szOID_RSA_RSA' },
] as const;

/**
 * Encodes the MS-XCEP GetPoliciesResponse: one policy (schema 3, the minimal RSA key length,
 * validity/renewal periods, enroll permission, crypto providers) plus the OID table.
 */
export function encodeGetPoliciesResponse(input: GetPoliciesResponseInput): string {
  if (!input.relatesTo) throw windowsMdmError('invalid_argument', 'relatesTo is required');
  const minimalKeyLength = input.minimalKeyLength ?? 2048;
  if (!Number.isInteger(minimalKeyLength) || minimalKeyLength <= 0) {
    throw windowsMdmError('invalid_argument', 'minimalKeyLength must be a positive integer');
  }
  const providers = input.cryptoProviders ?? ['Microsoft Platform Crypto Provider', 'Microsoft Software Key Storage Provider'];
  const attributes = el(
    'attributes',
    null,
    textEl('commonName', input.commonName ?? 'Flotilla'),
    textEl('policySchema', '3'),
    el(
      'certificateValidity',
      null,
      textEl('validityPeriodSeconds', String(input.validityPeriodSeconds ?? 31536000)),
      textEl('renewalPeriodSeconds', String(input.renewalPeriodSeconds ?? 15552000)),
    ),
    el('permission', null, textEl('enroll', 'true'), textEl('autoEnroll', 'false')),
    el(
      'privateKeyAttributes',
      null,
      textEl('minimalKeyLength', String(minimalKeyLength)),
      nil('keySpec'),
      nil('keyUsageProperty'),
      nil('permissions'),
      textEl('algorithmOIDReference', OIDS[1].referenceId),
      providers.length === 0
        ? nil('cryptoProviders')
        : el('cryptoProviders', null, ...providers.map((p) => textEl('provider', p))),
    ),
    el('revision', null, textEl('majorRevision', '101'), textEl('minorRevision', '0')),
    nil('supersededPolicies'),
    nil('privateKeyFlags'),
    nil('subjectNameFlags'),
    nil('enrollmentFlags'),
    nil('generalFlags'),
    textEl('hashAlgorithmOIDReference', OIDS[0].referenceId),
    nil('rARequirements'),
    nil('keyArchivalAttributes'),
    nil('extensions'),
  );
  const response = el(
    'response',
    null,
    el('policyID', null),
    nil('policyFriendlyName'),
    nil('nextUpdateHours'),
    nil('policiesNotChanged'),
    el('policies', null, el('policy', null, textEl('policyOIDReference', '0'), nil('cAs'), attributes)),
  );
  const oids = el(
    'oIDs',
    null,
    ...OIDS.map((o) =>
      el(
        'oID',
        null,
        textEl('value', o.value),
        textEl('group', o.group),
        textEl('oIDReferenceID', o.referenceId),
        textEl('defaultName', o.defaultName),
      ),
    ),
  );
  return encodeSoapResponse({
    action: ACTION.getPoliciesResponse,
    relatesTo: input.relatesTo,
    declareUtility: true,
    bodyAttrs: { 'xmlns:xsd': NS.xsd, 'xmlns:xsi': NS.xsi },
    body: el('GetPoliciesResponse', { xmlns: NS.enrollmentPolicy }, response, nil('cAs'), oids),
  });
}

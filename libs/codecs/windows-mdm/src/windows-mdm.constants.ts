/** XML namespaces used by MS-MDE2 / MS-XCEP / MS-WSTEP / OMA-DM messages. */
export const NS = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  addressing: 'http://www.w3.org/2005/08/addressing',
  wssUtility: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wssSecext: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsTrust: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  authorization: 'http://schemas.xmlsoap.org/ws/2006/12/authorization',
  discovery: 'http://schemas.microsoft.com/windows/management/2012/01/enrollment',
  enrollmentPolicy: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy',
  enrollment: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment',
  diagnostics: 'http://schemas.microsoft.com/2004/09/ServiceModel/Diagnostics',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xsd: 'http://www.w3.org/2001/XMLSchema',
  syncml: 'SYNCML:SYNCML1.2',
  syncmlMetInf: 'syncml:metinf',
} as const;

/** WS-Addressing Action URIs of the enrollment protocols. */
export const ACTION = {
  discover: 'http://schemas.microsoft.com/windows/management/2012/01/enrollment/IDiscoveryService/Discover',
  discoverResponse: 'http://schemas.microsoft.com/windows/management/2012/01/enrollment/IDiscoveryService/DiscoverResponse',
  getPolicies: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPolicies',
  getPoliciesResponse: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPoliciesResponse',
  requestSecurityToken: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RST/wstep',
  requestSecurityTokenResponse: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RSTRC/wstep',
} as const;

/** Token, request and encoding type URIs of MS-WSTEP / WS-Security. */
export const WSTEP = {
  deviceEnrollmentToken: 'http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentToken',
  deviceEnrollmentProvisionDoc: 'http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentProvisionDoc',
  deviceEnrollmentUserToken: 'http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentUserToken',
  jwtTokenType: 'urn:ietf:params:oauth:token-type:jwt',
  requestTypeIssue: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
  pkcs10: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS10',
  pkcs7: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS7',
  base64Encoding: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary',
  passwordText: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText',
} as const;

/** HTTP content types of the two transports. */
export const CONTENT_TYPE = {
  soap: 'application/soap+xml; charset=utf-8',
  syncml: 'application/vnd.syncml.dm+xml',
} as const;

/** OMA-DM Alert codes (Alert/Data) used by Windows MDM. */
export const SYNCML_ALERT = {
  /** Session started by the server (after a WNS push). */
  serverInitiatedSession: '1200',
  /** Session started by the client (poll, login, enrollment). */
  clientInitiatedSession: '1201',
  nextMessage: '1222',
  sessionAbort: '1223',
  /** Client event; Windows sends Meta Type com.microsoft/MDM/LoginStatus with user/others/none. */
  clientEvent: '1224',
  /** Generic alert (Items with Meta Type, e.g. com.microsoft:mdm.unenrollment.userrequest). */
  genericAlert: '1226',
} as const;

/** OMA-DM Status codes (Status/Data). */
export const SYNCML_STATUS = {
  ok: '200',
  accepted: '202',
  authenticationAccepted: '212',
  cancelled: '214',
  notExecuted: '215',
  atomicRollbackOk: '216',
  badRequest: '400',
  invalidCredentials: '401',
  forbidden: '403',
  notFound: '404',
  commandNotAllowed: '405',
  optionalFeatureNotSupported: '406',
  unsupportedMediaType: '415',
  alreadyExists: '418',
  permissionDenied: '425',
  commandFailed: '500',
  atomicFailed: '507',
  atomicRollbackFailed: '516',
} as const;

import type { FieldMap } from '../plist/plist-field.mapping';
import type { EnrollmentIds } from './checkin.types';

/** Shared iPad users connect with this fixed UserID; their channel is named by UserShortName. */
export const SHARED_IPAD_USER_ID = 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF';

/** The kind of enrollment a channel belongs to (nanomdm's `EnrollType`). */
export type EnrollmentType = 'Device' | 'User' | 'UserEnrollmentDevice' | 'UserEnrollment' | 'SharedIPad';

/** The ids a message resolves to: the device channel, and the user channel when there is one. */
export interface ResolvedEnrollment {
  type: EnrollmentType;
  deviceChannelId: string;
  userChannelId?: string;
  /** `device` for a device channel, `device:user` for a user channel. */
  id: string;
}

/** Plist keys of {@link EnrollmentIds}. */
export const ENROLLMENT_ID_FIELDS: FieldMap<EnrollmentIds> = {
  udid: { key: 'UDID', kind: 'string' },
  enrollmentId: { key: 'EnrollmentID', kind: 'string' },
  enrollmentUserId: { key: 'EnrollmentUserID', kind: 'string' },
  userId: { key: 'UserID', kind: 'string' },
  userShortName: { key: 'UserShortName', kind: 'string' },
  userLongName: { key: 'UserLongName', kind: 'string' },
};

/**
 * Resolves the channel a message speaks for, as nanomdm does: UDID (device) or EnrollmentID
 * (User Enrollment) names the device channel; UserID (or UserShortName for Shared iPad) or
 * EnrollmentUserID names a user channel. Returns undefined when no channel can be named.
 */
export function resolveEnrollment(ids: EnrollmentIds): ResolvedEnrollment | undefined {
  if (ids.udid) {
    if (!ids.userId) return { type: 'Device', deviceChannelId: ids.udid, id: ids.udid };
    const shared = ids.userId === SHARED_IPAD_USER_ID;
    const user = shared ? ids.userShortName : ids.userId;
    if (!user) return undefined;
    return { type: shared ? 'SharedIPad' : 'User', deviceChannelId: ids.udid, userChannelId: user, id: `${ids.udid}:${user}` };
  }
  if (ids.enrollmentId) {
    if (!ids.enrollmentUserId) return { type: 'UserEnrollmentDevice', deviceChannelId: ids.enrollmentId, id: ids.enrollmentId };
    return {
      type: 'UserEnrollment',
      deviceChannelId: ids.enrollmentId,
      userChannelId: ids.enrollmentUserId,
      id: `${ids.enrollmentId}:${ids.enrollmentUserId}`,
    };
  }
  return undefined;
}

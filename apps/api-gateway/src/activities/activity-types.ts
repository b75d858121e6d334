/**
 * Activity types Flotilla records, with Fleet's names where Fleet has the same activity
 * (docs: "Audit logs"). Closed: recording an unknown type does not compile.
 */
export const ACTIVITY_TYPES = [
  'user_logged_in',
  'user_failed_login',
  'user_logged_out',
  'created_user',
  'deleted_user',
  'changed_user_global_role',
  'deleted_user_global_role',
  'changed_user_team_role',
  'deleted_user_team_role',
  'edited_user',
  'changed_password',
  'reset_password',
  'required_password_reset',
  'revoked_sessions',
  'invited_user',
  'edited_invite',
  'deleted_invite',
  'created_team',
  'edited_team',
  'deleted_team',
  'edited_agent_options',
  'edited_enroll_secrets',
  'edited_app_config',
  'transferred_hosts',
  'deleted_host',
  'deleted_hosts',
  'refetched_host',
  'completed_setup',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

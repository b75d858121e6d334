import { encodePlist } from '../plist/plist.encoder';

/** The plist bodies the server answers some check-ins with. */
export type CheckinResponse =
  /** No `bootstrapToken` means none was escrowed: the answer is an empty body. */
  | { messageType: 'GetBootstrapToken'; bootstrapToken?: Buffer }
  /** An empty `digestChallenge` means the user needs no authentication. */
  | { messageType: 'UserAuthenticate'; digestChallenge: string }
  | { messageType: 'GetToken'; tokenData: Buffer };

/** Encodes the body of a check-in answer (`GetBootstrapToken`, `UserAuthenticate`, `GetToken`). */
export function encodeCheckinResponse(response: CheckinResponse): Buffer {
  switch (response.messageType) {
    case 'GetBootstrapToken':
      return response.bootstrapToken ? encodePlist({ BootstrapToken: response.bootstrapToken }) : Buffer.alloc(0);
    case 'UserAuthenticate':
      return encodePlist({ DigestChallenge: response.digestChallenge });
    case 'GetToken':
      return encodePlist({ TokenData: response.tokenData });
  }
}

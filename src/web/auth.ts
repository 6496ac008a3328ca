import { createHash, timingSafeEqual } from 'node:crypto';

export type TokenCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

const NO_TOKEN_MESSAGE =
  'controls are disabled: set WEB_TOKEN (16+ characters) in the environment or .env and restart the bot';

/**
 * Checks `Authorization: Bearer <token>` against WEB_TOKEN in constant time (both sides are
 * hashed first, so neither the length nor a prefix of the token leaks through timing).
 */
export function checkBearerToken(
  authorization: string | undefined,
  expected: string | undefined,
): TokenCheck {
  if (expected === undefined || expected.length === 0)
    return { ok: false, status: 403, message: NO_TOKEN_MESSAGE };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    return {
      ok: false,
      status: 401,
      message: 'this request changes state: send the header "Authorization: Bearer <WEB_TOKEN>"',
    };
  }
  if (!timingSafeEqual(digest(match[1]), digest(expected))) {
    return { ok: false, status: 401, message: 'wrong token: send the WEB_TOKEN configured for this bot' };
  }
  return { ok: true };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Methods that only read; everything else needs the token. */
export function isReadOnlyMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

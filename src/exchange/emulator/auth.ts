import { createHmac, timingSafeEqual } from 'node:crypto';

export interface EmulatorCredential {
  apiKey: string;
  apiSecret: string;
  /** Permissions returned by /v5/user/query-api. */
  permissions?: Record<string, string[]>;
  readOnly?: boolean;
}

/** A refusal in Bybit's terms. */
export interface VenueRefusal {
  retCode: number;
  retMsg: string;
  /** HTTP status to answer with (Bybit answers most business errors with 200). */
  httpStatus: number;
}

export function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface SignedRequest {
  headers: Record<string, string | string[] | undefined>;
  /** GET: the query string exactly as sent; POST: the raw body. */
  payload: string;
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a signed REST request the way Bybit documents it (facts §1): HMAC-SHA256 over
 * `timestamp + apiKey + recvWindow + payload`, lowercase hex, and
 * `server_time - recv_window <= timestamp < server_time + 1000`.
 * `X-BAPI-SIGN-TYPE` is accepted and ignored (UNCONFIRMED meaning).
 */
export function verifyRestRequest(
  request: SignedRequest,
  credentials: ReadonlyMap<string, EmulatorCredential>,
  /** null skips the window: a replay clock that jumps cannot be kept in step with. */
  serverTimeMs: number | null,
): { credential: EmulatorCredential } | VenueRefusal {
  const apiKey = header(request, 'x-bapi-api-key');
  const timestampText = header(request, 'x-bapi-timestamp');
  const sign = header(request, 'x-bapi-sign');
  const recvWindowText = header(request, 'x-bapi-recv-window') ?? '5000';
  if (!apiKey || !timestampText || !sign) {
    // UNCONFIRMED: the docs say 401 for missing auth headers; the body is our choice.
    return { retCode: 10003, retMsg: 'API key is invalid.', httpStatus: 401 };
  }
  const credential = credentials.get(apiKey);
  if (!credential) return { retCode: 10003, retMsg: 'API key is invalid.', httpStatus: 200 };
  const timestamp = Number(timestampText);
  const recvWindow = Number(recvWindowText);
  if (
    !Number.isFinite(timestamp) ||
    !Number.isFinite(recvWindow) ||
    (serverTimeMs !== null && (serverTimeMs - recvWindow > timestamp || timestamp >= serverTimeMs + 1000))
  ) {
    return {
      retCode: 10002,
      retMsg: `invalid request, please check your server timestamp or recv_window param. req_timestamp[${timestampText}],server_timestamp[${serverTimeMs}],recv_window[${recvWindowText}]`,
      httpStatus: 200,
    };
  }
  const origin = `${timestampText}${apiKey}${recvWindowText}${request.payload}`;
  if (!sameHex(hmacHex(credential.apiSecret, origin), sign)) {
    // Bybit echoes the string it signed, API key included (observed).
    return { retCode: 10004, retMsg: `error sign! origin_string[${origin}]`, httpStatus: 200 };
  }
  return { credential };
}

/**
 * WS auth `{"op":"auth","args":[apiKey, expires, signature]}` with
 * `signature = hex(HMAC_SHA256(secret, "GET/realtime" + expires))`, expires a future ms time.
 */
export function verifyWsAuth(
  args: unknown,
  credentials: ReadonlyMap<string, EmulatorCredential>,
  serverTimeMs: number | null,
): { credential: EmulatorCredential } | { retMsg: string } {
  if (!Array.isArray(args) || args.length < 3) return { retMsg: 'Params Error' };
  const [apiKey, expires, signature] = args as [unknown, unknown, unknown];
  const credential = typeof apiKey === 'string' ? credentials.get(apiKey) : undefined;
  // UNCONFIRMED: the live message for an unknown key on the WS.
  if (!credential) return { retMsg: 'Invalid apikey' };
  const expiresMs = Number(expires);
  // Observed: an expired `expires` answers "Params Error".
  if (!Number.isFinite(expiresMs) || (serverTimeMs !== null && expiresMs <= serverTimeMs)) {
    return { retMsg: 'Params Error' };
  }
  if (
    typeof signature !== 'string' ||
    !sameHex(hmacHex(credential.apiSecret, `GET/realtime${expires}`), signature)
  ) {
    // UNCONFIRMED: the live message for a bad WS signature.
    return { retMsg: 'Invalid sign' };
  }
  return { credential };
}

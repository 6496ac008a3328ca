import { describe, expect, it } from 'vitest';
import { hmacHex, verifyRestRequest, verifyWsAuth } from '../../../../src/exchange/emulator/auth.ts';

const credential = { apiKey: 'XXXXXXXXXX', apiSecret: 'secret' };
const credentials = new Map([[credential.apiKey, credential]]);
const now = 1_658_384_314_791;

function request(payload: string, overrides: Record<string, string> = {}) {
  const timestamp = overrides.timestamp ?? String(now);
  const sign =
    overrides.sign ?? hmacHex(credential.apiSecret, `${timestamp}${credential.apiKey}5000${payload}`);
  return {
    headers: {
      'x-bapi-api-key': overrides.key ?? credential.apiKey,
      'x-bapi-timestamp': timestamp,
      'x-bapi-recv-window': '5000',
      'x-bapi-sign': sign,
    },
    payload,
  };
}

describe('emulator signature checks (Bybit V5 HMAC rules)', () => {
  it('accepts the documented origin string: timestamp + key + recvWindow + query string', () => {
    const verdict = verifyRestRequest(
      request('category=option&symbol=BTC-29JUL22-25000-C'),
      credentials,
      now,
    );
    expect(verdict).toEqual({ credential });
  });

  it('refuses a signature over a different payload with 10004 and the origin string it signed', () => {
    const signedFor = request('category=linear');
    const verdict = verifyRestRequest(
      { ...signedFor, payload: 'category=linear&symbol=BTCUSDT' },
      credentials,
      now,
    );
    expect(verdict).toEqual({
      retCode: 10004,
      retMsg: `error sign! origin_string[${now}XXXXXXXXXX5000category=linear&symbol=BTCUSDT]`,
      httpStatus: 200,
    });
  });

  it('applies the receive window: server - recvWindow <= timestamp < server + 1000', () => {
    const at = (ts: number) => verifyRestRequest(request('', { timestamp: String(ts) }), credentials, now);
    expect(at(now - 5000)).toEqual({ credential });
    expect(at(now + 999)).toEqual({ credential });
    expect(at(now - 5001)).toMatchObject({ retCode: 10002 });
    expect(at(now + 1000)).toMatchObject({ retCode: 10002 });
    expect(verifyRestRequest(request('', { timestamp: String(now - 60_000) }), credentials, null)).toEqual({
      credential,
    });
  });

  it('refuses an unknown key with 10003 and missing auth headers with HTTP 401', () => {
    expect(verifyRestRequest(request('', { key: 'other' }), credentials, now)).toMatchObject({
      retCode: 10003,
      httpStatus: 200,
    });
    expect(verifyRestRequest({ headers: {}, payload: '' }, credentials, now)).toMatchObject({
      retCode: 10003,
      httpStatus: 401,
    });
  });

  it('checks WS auth: HMAC of "GET/realtime" + expires, expires in the future', () => {
    const expires = now + 1000;
    const sig = hmacHex(credential.apiSecret, `GET/realtime${expires}`);
    expect(verifyWsAuth([credential.apiKey, expires, sig], credentials, now)).toEqual({ credential });
    expect(
      verifyWsAuth(
        [credential.apiKey, now - 1, hmacHex('secret', `GET/realtime${now - 1}`)],
        credentials,
        now,
      ),
    ).toEqual({
      retMsg: 'Params Error',
    });
    expect(verifyWsAuth([credential.apiKey, expires, 'bad'], credentials, now)).toEqual({
      retMsg: 'Invalid sign',
    });
  });
});

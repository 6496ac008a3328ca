import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { isLoopbackHost } from '../config/loopback.ts';
import { redactText, secretValuesOf } from '../config/redact.ts';
import { errorMessage } from '../domain/index.ts';
import { registerApi } from './api.ts';
import { checkBearerToken, isReadOnlyMethod } from './auth.ts';
import { registerStream } from './stream.ts';
import type { WebServerOptions } from './types.ts';
import { VenueReader } from './venue.ts';

export class WebBindError extends Error {
  override name = 'WebBindError';
}

export interface WebServer {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

function chartLibrary(): Buffer {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('lightweight-charts/package.json'));
  return readFileSync(path.join(root, 'dist', 'lightweight-charts.standalone.production.js'));
}

/** Binding anywhere but loopback needs WEB_ALLOW_REMOTE=true and a WEB_TOKEN (checked again here). */
export function assertBindAllowed(host: string, allowRemote: boolean, token: string | undefined): void {
  if (isLoopbackHost(host)) return;
  if (!allowRemote) {
    throw new WebBindError(
      `the dashboard would listen on ${host}, which is not a loopback address: set WEB_ALLOW_REMOTE=true to expose it, or WEB_HOST=127.0.0.1`,
    );
  }
  if (token === undefined || token.length < 16) {
    throw new WebBindError(
      `the dashboard would listen on ${host} without a token: set WEB_TOKEN (16+ characters) so that controls need it`,
    );
  }
}

/**
 * The dashboard, its JSON API, /healthz and /metrics on one port. Read-only by default: every
 * request other than GET/HEAD/OPTIONS needs `Authorization: Bearer <WEB_TOKEN>`, and every
 * response is scrubbed of configured secret values.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { config } = options;
  const host = options.host ?? config.WEB_HOST;
  const port = options.port ?? config.WEB_PORT;
  assertBindAllowed(host, config.WEB_ALLOW_REMOTE, config.WEB_TOKEN);
  const secrets = secretValuesOf(config);
  const redact = (text: string) => redactText(text, secrets);
  const loopbackOnly = isLoopbackHost(host);

  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    // A page on another site must not read the API through a name that resolves to 127.0.0.1.
    if (loopbackOnly) {
      const hostname = (request.headers.host ?? '').replace(/:\d+$/, '');
      if (!isLoopbackHost(hostname)) {
        return reply.code(421).send({ error: `requests must name a loopback host, not "${hostname}"` });
      }
    }
    if (isReadOnlyMethod(request.method)) return;
    const check = checkBearerToken(request.headers.authorization, config.WEB_TOKEN);
    if (!check.ok) return reply.code(check.status).send({ error: check.message });
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    );
    return typeof payload === 'string' ? redact(payload) : payload;
  });

  app.setErrorHandler((error, _request, reply) => {
    const status =
      typeof (error as { statusCode?: unknown }).statusCode === 'number'
        ? (error as { statusCode: number }).statusCode
        : 500;
    const message = errorMessage(error);
    if (status >= 500) options.logger?.error({ error: redact(message) }, 'dashboard request failed');
    void reply.code(status).send({ error: redact(message) });
  });

  const library = chartLibrary();
  app.get('/vendor/lightweight-charts.js', async (_request, reply) => {
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'max-age=86400');
    return library;
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/', index: ['index.html'] });
  // Browsers ask for /favicon.ico whatever the page links: answer with the same icon.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'max-age=86400').sendFile('favicon.svg'),
  );

  const venue = options.bot
    ? new VenueReader(options.bot.exchange, options.venueCacheMs ?? 2000, redact)
    : null;
  registerApi(app, options, venue);
  const stopStream = registerStream(app, options);

  try {
    await app.listen({ host, port });
  } catch (error) {
    stopStream();
    await app.close();
    const code = (error as { code?: string }).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use' : errorMessage(error);
    throw new WebBindError(
      `the dashboard cannot listen on ${host}:${port} (${why}): set WEB_PORT to a free port, or WEB_ENABLED=false to run without it`,
    );
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${boundPort}`,
    app,
    close: async () => {
      stopStream();
      await app.close();
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider, renderPromptData, systemPromptFor } from '../../../src/decision/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import {
  holdForEverySymbol,
  type LlmProtocol,
  type LlmServer,
  sentMessages,
  startLlmServer,
} from '../../support/llm-servers.ts';
import { configFor, runSyntheticEngine } from '../../support/synthetic-run.ts';

/** Six cycles: the seeded cycle split gives both versions at least one (four would all be v3_neutral). */
const CYCLES = 6;

describe.each<LlmProtocol>(['openai', 'anthropic'])(
  'what a %s provider receives from the engine',
  (protocol) => {
    let server: LlmServer;
    let run: Awaited<ReturnType<typeof runSyntheticEngine>>;
    let calls: { prompt_version: string; symbols_json: string; prompt: string }[];

    beforeAll(async () => {
      server = await startLlmServer(protocol, {
        answer: holdForEverySymbol(protocol, () => server.requests.length),
      });
      // v4_terse is in force, v3_neutral takes every other cycle: each call must carry its own.
      const config = configFor(['BTCUSDT', 'ETHUSDT'], {
        AI_PROVIDER: protocol,
        AI_SKIP_FUTILE: 'false', // every symbol is asked: this test is about what a call carries
        AI_BASE_URL: server.baseUrl,
        AI_API_KEY: 'sk-local-test-key-000',
        AI_MODEL: 'test-model',
        PROMPT_VERSION: 'v4_terse',
        PROMPT_AB_SPLIT: 'v3_neutral:cycle',
      });
      run = await runSyntheticEngine({ config, decider: createDecider(config), cycles: CYCLES });
      calls = databaseOf(run.journal)
        .prepare(
          `SELECT c.prompt_version, c.symbols_json, b.text AS prompt FROM model_calls c
           JOIN blobs b ON b.hash = c.prompt_hash ORDER BY c.id`,
        )
        .all() as typeof calls;
    }, 120_000);

    afterAll(async () => {
      run?.close();
      await server?.close();
    });

    it('made one call per cycle, under both prompt versions', () => {
      expect(server.requests).toHaveLength(CYCLES);
      expect(calls).toHaveLength(CYCLES);
      expect(new Set(calls.map((c) => c.prompt_version))).toEqual(new Set(['v3_neutral', 'v4_terse']));
    });

    it('sends exactly the static system prompt of the version in force, nothing added', () => {
      server.requests.forEach((request, i) => {
        const sent = sentMessages(protocol, request);
        const version = calls[i]?.prompt_version as string;
        expect(sent.count).toBe(protocol === 'openai' ? 2 : 1);
        expect(sent.system).toBe(systemPromptFor(version));
        expect(request.raw).toContain(JSON.stringify(systemPromptFor(version)));
      });
    });

    it("keeps the request byte-identical up to the end of the system prompt, for the providers' prefix caches", () => {
      const prefixes = new Map<string, Set<string>>();
      server.requests.forEach((request, i) => {
        const version = calls[i]?.prompt_version as string;
        const end =
          request.raw.indexOf(JSON.stringify(systemPromptFor(version))) +
          JSON.stringify(systemPromptFor(version)).length;
        expect(end).toBeGreaterThan(JSON.stringify(systemPromptFor(version)).length - 1);
        expect(request.raw.indexOf(JSON.stringify(sent(request).user))).toBeGreaterThan(end);
        prefixes.set(version, (prefixes.get(version) ?? new Set()).add(request.raw.slice(0, end)));
      });
      for (const set of prefixes.values()) expect(set.size).toBe(1);
      if (protocol === 'anthropic') {
        for (const request of server.requests) {
          expect((request.body as { system: unknown[] }).system).toEqual([
            expect.objectContaining({ type: 'text', cache_control: { type: 'ephemeral' } }),
          ]);
        }
      }
    });

    it('sends exactly the prompt data as the user message, nothing concatenated to it', () => {
      server.requests.forEach((request, i) => {
        const user = sentMessages(protocol, request).user as string;
        const data = JSON.parse(user) as { symbols: Record<string, unknown> };
        expect(renderPromptData(data as never)).toBe(user);
        expect(Object.keys(data.symbols)).toEqual(JSON.parse(calls[i]?.symbols_json ?? '[]'));
        expect(request.raw).toContain(JSON.stringify(user));
        // The journal's prompt is what was sent: the system prompt, a blank line, the prompt data.
        expect(calls[i]?.prompt).toBe(`${sent(request).system}\n\n${user}`);
      });
    });

    const sent = (request: LlmServer['requests'][number]) => sentMessages(protocol, request);
  },
);

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted server does with one request. */
export type ServerStep =
  | { kind: 'reply'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Declares the full length, sends only the first `sendChars` characters, then drops the connection. */
  | { kind: 'truncate'; body: unknown; sendChars: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The request body exactly as it arrived (UTF-8). */
  raw: string;
}

export type LlmProtocol = 'openai' | 'anthropic';

/** What the server itself said it spent, summed over every successful reply that stated usage. */
export interface StatedUsage {
  replies: number;
  inputTokens: number;
  outputTokens: number;
}

export interface LlmServerOptions {
  /** Answers a request no scripted step is left for (else it gets a 500). */
  answer?: (request: RecordedRequest) => ServerStep;
}

export interface LlmServer {
  protocol: LlmProtocol;
  /** Base URL as the decider expects it (OpenAI style includes /v1). */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The usage the server stated in its replies (what a provider would bill). */
  stated: StatedUsage;
  /** Queue what the next requests get; an unscripted request gets a 500. */
  script(...steps: ServerStep[]): void;
  close(): Promise<void>;
}

const expectedPath: Record<LlmProtocol, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
};

/** A chat-completions success envelope around `content`. */
export function openAiCompletion(
  content: string | null,
  usage: { prompt: number; completion: number } | null = { prompt: 1200, completion: 150 },
) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    ...(usage
      ? {
          usage: {
            prompt_tokens: usage.prompt,
            completion_tokens: usage.completion,
            total_tokens: usage.prompt + usage.completion,
          },
        }
      : {}),
  };
}

/** A Messages API success envelope around `text`. */
export function anthropicMessage(
  text: string,
  usage: { input: number; output: number } | null = { input: 1300, output: 160 },
) {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'test-model',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    ...(usage ? { usage: { input_tokens: usage.input, output_tokens: usage.output } } : {}),
  };
}

/** A success envelope of either protocol. */
export function successBody(protocol: LlmProtocol, text: string, withUsage = true): unknown {
  return protocol === 'openai'
    ? openAiCompletion(text, withUsage ? undefined : null)
    : anthropicMessage(text, withUsage ? undefined : null);
}

/** The protocol's error envelope. */
export function errorBody(protocol: LlmProtocol, type: string, message: string): unknown {
  return protocol === 'openai'
    ? { error: { message, type, code: type } }
    : { type: 'error', error: { type, message } };
}

/** The system prompt and user message a request carried, in either protocol's layout. */
export function sentMessages(
  protocol: LlmProtocol,
  request: RecordedRequest,
): { system: unknown; user: unknown; count: number } {
  const body = request.body as {
    system?: unknown;
    messages?: { role: string; content: unknown }[];
  };
  const messages = body.messages ?? [];
  if (protocol === 'openai') {
    return {
      system: messages[0]?.role === 'system' ? messages[0].content : undefined,
      user: messages[1]?.role === 'user' ? messages[1].content : undefined,
      count: messages.length,
    };
  }
  const content = messages[0]?.content as { type: string; text: string }[] | undefined;
  return {
    system: Array.isArray(body.system)
      ? (body.system as { text?: unknown }[]).map((block) => block.text).join('')
      : body.system,
    user: messages[0]?.role === 'user' && content?.length === 1 ? content[0]?.text : undefined,
    count: messages.length,
  };
}

/**
 * Answers HOLD for every symbol the prompt data asks about, stating usage that changes from call
 * to call (so no total is right by chance).
 */
export function holdForEverySymbol(protocol: LlmProtocol, served: () => number) {
  return (request: RecordedRequest): ServerStep => {
    const user = sentMessages(protocol, request).user;
    const symbols = Object.keys(JSON.parse(typeof user === 'string' ? user : '{}').symbols ?? {});
    const text = JSON.stringify({
      decisions: symbols.map((symbol) => ({ symbol, action: 'HOLD', confidence: 40, rationale: 'no edge' })),
    });
    const n = served();
    const input = 900 + 137 * n + 41 * symbols.length;
    const output = 60 + 13 * n;
    return {
      kind: 'reply',
      body:
        protocol === 'openai'
          ? openAiCompletion(text, { prompt: input, completion: output })
          : anthropicMessage(text, { input, output }),
    };
  };
}

/**
 * Proposes a LIMIT long just below the mark for every symbol it is asked about (1 % stop, 2 %
 * target): a model that trades, so a run has trades to journal. The gate refuses what it must.
 */
export function longEverySymbol(protocol: LlmProtocol) {
  return (request: RecordedRequest): ServerStep => {
    const user = sentMessages(protocol, request).user;
    const data = JSON.parse(typeof user === 'string' ? user : '{}') as {
      symbols?: Record<string, { mark: number }>;
    };
    const text = JSON.stringify({
      decisions: Object.entries(data.symbols ?? {}).map(([symbol, view]) => ({
        symbol,
        action: 'OPEN_LONG',
        confidence: 70,
        leverage: 5,
        size_pct: 0.1,
        entry_type: 'LIMIT',
        entry_price: Number((view.mark * 0.9995).toPrecision(6)),
        sl_pct: 0.01,
        tp_pct: 0.02,
        rationale: 'test model that always buys',
      })),
    });
    return { kind: 'reply', body: successBody(protocol, text) };
  };
}

/** The usage a reply body states, in either protocol's field names. */
function statedUsage(protocol: LlmProtocol, body: unknown): { input: number; output: number } | null {
  const parsed = typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
  const usage = (parsed as { usage?: Record<string, unknown> } | null)?.usage;
  if (!usage) return null;
  const input = protocol === 'openai' ? usage.prompt_tokens : usage.input_tokens;
  const output = protocol === 'openai' ? usage.completion_tokens : usage.output_tokens;
  return typeof input === 'number' && typeof output === 'number' ? { input, output } : null;
}

/** A local server on 127.0.0.1 speaking one LLM wire protocol, its replies scripted per request. */
export async function startLlmServer(
  protocol: LlmProtocol,
  options: LlmServerOptions = {},
): Promise<LlmServer> {
  const steps: ServerStep[] = [];
  const requests: RecordedRequest[] = [];
  const stated: StatedUsage = { replies: 0, inputTokens: 0, outputTokens: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        raw: text,
      };
      requests.push(recorded);
      if (req.method !== 'POST' || req.url !== expectedPath[protocol]) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody(protocol, 'not_found', `no route ${req.method} ${req.url}`)));
        return;
      }
      const step = steps.shift() ??
        options.answer?.(recorded) ?? {
          kind: 'reply',
          status: 500,
          body: errorBody(protocol, 'unscripted', 'no scripted reply left'),
        };
      if (step.kind === 'reply' && (step.status ?? 200) === 200) {
        const usage = statedUsage(protocol, step.body);
        if (usage) {
          stated.replies += 1;
          stated.inputTokens += usage.input;
          stated.outputTokens += usage.output;
        }
      }
      const payload = typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
      if (step.kind === 'truncate') {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        });
        res.write(payload.slice(0, step.sendChars), () => res.socket?.destroy());
        return;
      }
      const send = () => {
        if (res.destroyed || req.socket.destroyed) return;
        res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
        res.end(payload);
      };
      if (step.delayMs) setTimeout(send, step.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    protocol,
    baseUrl: protocol === 'openai' ? `${origin}/v1` : origin,
    requests,
    stated,
    script: (...next) => {
      steps.push(...next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

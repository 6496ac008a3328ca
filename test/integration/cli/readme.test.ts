import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.ts';
import { repoRoot } from '../../support/data.ts';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** Every command line of the README's code blocks that runs warden, with its leading VAR=value words. */
function wardenExamples(): string[] {
  const blocks = [...readme.matchAll(/```(?:sh|text)\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => /^(?:[A-Z_]+=\S+ )*(?:npx warden|npm start)\b/.test(l));
}

function findCommand(program: Command, words: string[]): { command: Command; rest: string[] } {
  let command = program;
  let i = 0;
  for (; i < words.length; i++) {
    const sub = command.commands.find((c) => c.name() === words[i]);
    if (!sub) break;
    command = sub;
  }
  return { command, rest: words.slice(i) };
}

describe('the README', () => {
  it('stands alone: no references to documents outside the repository', () => {
    expect(readme).not.toMatch(/\bSPEC\b|SPEC\.md|DESIGN\.md|\bissue \d+|shared\/seed/i);
  });

  it('runs warden as `npx warden` in every example, with commands and options that exist', () => {
    const examples = wardenExamples();
    expect(examples.length).toBeGreaterThan(20);
    expect(readme).not.toMatch(/^warden /m);
    const program = buildProgram();
    for (const example of examples) {
      const words = example
        .replace(/^(?:[A-Z_]+=\S+ )*/, '')
        .replace(/^npm start(?: --)?/, 'npx warden run')
        .split(/\s+/)
        .slice(2);
      if (words[0] === '--help') continue;
      const { command, rest } = findCommand(program, words);
      expect(command, example).not.toBe(program);
      expect(command.commands.length, `${example}: names a command group, not a command`).toBe(0);
      const known = new Set(command.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
      for (const flag of rest.flatMap((w) => w.match(/--[a-z][a-z-]*/g) ?? []))
        expect(known.has(flag) || flag === '--help', `${example}: ${flag}`).toBe(true);
    }
  });

  it('sets AI_PROVIDER in every example that sets up a model, for the six usual providers', () => {
    for (const provider of ['OpenAI', 'DeepSeek', 'OpenRouter', 'Ollama', 'vLLM', 'Anthropic'])
      expect(readme).toMatch(new RegExp(`^\\| ${provider} +\\| \`(openai|anthropic)\``, 'm'));
    const modelExamples = wardenExamples().filter((l) => /AI_(BASE_URL|MODEL)=/.test(l));
    expect(modelExamples.length).toBeGreaterThanOrEqual(3);
    for (const example of modelExamples) expect(example).toMatch(/AI_PROVIDER=(openai|anthropic) /);
  });

  it('gives a way to run warden that works after npm ci, without network', () => {
    const result = spawnSync('npx', ['warden', '--help'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', npm_config_offline: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: warden /);
  });

  it('keeps the audit export and the LLM cache out of git', () => {
    const ignored = readFileSync(path.join(repoRoot, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('ai_decisions.json');
    expect(ignored).toContain('.warden-llm-cache.jsonl');
  });
});

import type { z } from 'zod';
import type { ConfigProblem } from './errors.ts';
import { showValue } from './show.ts';

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'text',
  array: 'a comma-separated list',
  record: 'a list of KEY:number pairs',
  object: 'an object',
};

/**
 * Environment values are strings, so most schemas are `typed | string` unions. Of a union's
 * branches, the one that accepted the value's type says what is wrong with it.
 */
function flatten(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const typed = branches.find(
    (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (typed) return typed.flatMap((i) => flatten(i as Issue));
  const expected = branches
    .map((branch) => branch[0])
    .filter((i): i is z.core.$ZodIssueInvalidType => i?.code === 'invalid_type')
    .map((i) => i.expected)
    .filter((e) => e !== 'string');
  return [
    {
      code: 'invalid_type',
      expected: (expected[0] ?? 'string') as z.core.$ZodIssueInvalidType['expected'],
      path: issue.path,
      message: issue.message,
      input: issue.input,
    } as Issue,
  ];
}

function bound(value: number | bigint): string {
  return String(value);
}

function what(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? 'must not be empty'
          : `must be at least ${bound(issue.minimum)} characters`;
      }
      if (issue.origin === 'array') return `must list at least ${bound(issue.minimum)} item(s)`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${bound(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${bound(issue.maximum)} characters`;
      if (issue.origin === 'array') return `must list at most ${bound(issue.maximum)} item(s)`;
      return `must be ${issue.inclusive ? 'at most' : 'below'} ${bound(issue.maximum)}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length === 2 && values.includes('true') && values.includes('false')) {
        return 'must be true or false';
      }
      return `must be one of ${values.join(', ')}`;
    }
    case 'invalid_format':
      if (!/^invalid/i.test(issue.message)) return issue.message;
      if (issue.format === 'url') return 'must be a URL such as http://127.0.0.1:8080';
      return `must be ${issue.format === 'regex' ? 'in the expected format' : `a valid ${issue.format}`}`;
    default:
      return issue.message;
  }
}

function where(path: PropertyKey[]): string {
  if (path.length === 0) return '';
  const parts = path.map((p) => (typeof p === 'number' ? `item ${p + 1}` : String(p)));
  return ` (${parts.join(' ')})`;
}

/** Turns the zod issues of one variable into problems that name it, show the value and say what to do. */
export function problemsFromIssues(
  key: string,
  value: unknown,
  issues: readonly Issue[],
  fallback: { description?: string; defaultText?: string },
): ConfigProblem[] {
  const fix =
    fallback.defaultText === undefined
      ? 'set a valid value'
      : `set a valid value or remove it to use the default ${fallback.defaultText}`;
  const about = fallback.description ? ` [${key}: ${fallback.description}]` : '';
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of issues.flatMap(flatten)) {
    const message = `${key} (${showValue(key, value)})${where(issue.path)} ${what(issue)}: ${fix}${about}`;
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ variable: key, message });
  }
  return problems;
}
